package io.vidsift.deploy;

import io.vidsift.common.config.HikCloudConfig;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credential variables a deployment may hand to the downloader: the default access-token variable and every
 * name the examples put in hik_cloud.access_token_env / client_id_env / client_secret_env (commented ones too).
 * The downloader reads these by the names a job gives, so no application.yaml lists them.
 */
final class Credentials {

    static final Pattern SENSITIVE = Pattern.compile("(?i).*(TOKEN|SECRET|PASSWORD|CLIENT_ID|CREDENTIAL).*");
    private static final Pattern ENV_FIELD = Pattern.compile("(access_token_env|client_id_env|client_secret_env)\\s*:\\s*([A-Za-z_][A-Za-z0-9_]*)");

    private Credentials() {
    }

    static Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        names.add(HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV);
        try (var files = java.nio.file.Files.list(Repo.path("examples"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher m = ENV_FIELD.matcher(Repo.read(file));
                while (m.find()) {
                    names.add(m.group(2));
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("examples/ cannot be read: " + e.getMessage(), e);
        }
        return names;
    }

    static boolean sensitive(String env) {
        return SENSITIVE.matcher(env).matches();
    }
}
