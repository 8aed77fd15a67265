package io.vidsift.deploy;

import io.vidsift.common.config.HikCloudConfig;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which variables carry Hik Cloud credentials. The downloader reads the NAMES of its credential variables from its
 * settings vidsift.hik-cloud.access-token-env / client-id-env / client-secret-env (its Credentials class), then the
 * values from those variables; names ending in _ENV therefore hold names, not secrets.
 */
final class Credentials {

    static final String DOWNLOADER = "downloader-service";
    /** The downloader's settings that name its credential variables (downloader-service Credentials.*_ENV). */
    static final List<String> NAMING_KEYS = List.of("vidsift.hik-cloud.access-token-env", "vidsift.hik-cloud.client-id-env",
            "vidsift.hik-cloud.client-secret-env");
    static final String LITERAL_KEY = "vidsift.hik-cloud.access-token";

    private static final Pattern SENSITIVE = Pattern.compile("(?i).*(TOKEN|SECRET|PASSWORD|CLIENT_ID|CREDENTIAL).*");
    private static final Pattern ENV_FIELD = Pattern.compile("(access_token_env|client_id_env|client_secret_env)\\s*:\\s*([A-Za-z_][A-Za-z0-9_]*)");

    private Credentials() {
    }

    /** A variable that may hold a secret value (a *_ENV setting only names one). */
    static boolean sensitive(String env) {
        return SENSITIVE.matcher(env).matches() && !env.endsWith("_ENV");
    }

    /** The credential variables a downloader with this environment reads: what its naming settings point to. */
    static Set<String> namedBy(Map<String, String> environment) {
        ServiceConfig downloader = ServiceConfig.of(DOWNLOADER);
        Set<String> names = new LinkedHashSet<>();
        for (String key : NAMING_KEYS) {
            String name = environment.get(ServiceConfig.envName(key));
            if (name == null) {
                name = downloader.raw(key);
            }
            if (name == null && key.endsWith("access-token-env")) {
                name = HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV;
            }
            if (name != null && !name.isBlank()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Every name the examples put in hik_cloud.access_token_env / client_id_env / client_secret_env (commented too). */
    static Set<String> inExamples() {
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
}
