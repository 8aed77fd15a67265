package io.vidsift.downloader.quarkus;

import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.TokenSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which token source this downloader has, from its settings: {@code vidsift.hik-cloud.access-token} (literal),
 * the variable named by {@code vidsift.hik-cloud.access-token-env}, or the client id/secret variables. Variables
 * are looked up through the config, which reads the environment (and lets tests set them as properties).
 */
public record Credentials(Optional<TokenSource> source, Optional<String> literal, Map<String, String> variables,
                          String missingReason) {

    public static final String LITERAL = "vidsift.hik-cloud.access-token";
    public static final String TOKEN_ENV = "vidsift.hik-cloud.access-token-env";
    public static final String CLIENT_ID_ENV = "vidsift.hik-cloud.client-id-env";
    public static final String CLIENT_SECRET_ENV = "vidsift.hik-cloud.client-secret-env";

    public static Credentials from(Function<String, Optional<String>> lookup) {
        Optional<String> literal = lookup.apply(LITERAL).filter(v -> !v.isBlank());
        String tokenEnv = lookup.apply(TOKEN_ENV).orElse(HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV);
        String idEnv = lookup.apply(CLIENT_ID_ENV).filter(v -> !v.isBlank()).orElse(null);
        String secretEnv = lookup.apply(CLIENT_SECRET_ENV).filter(v -> !v.isBlank()).orElse(null);
        HikCloudConfig names = new HikCloudConfig(null, null, null, tokenEnv, idEnv, secretEnv, 0, 0, 0, List.of(), List.of());
        Map<String, String> variables = new HashMap<>();
        for (String name : new String[]{tokenEnv, idEnv, secretEnv}) {
            if (name != null) {
                lookup.apply(name).ifPresent(value -> variables.put(name, value));
            }
        }
        Optional<TokenSource> source = TokenSource.resolve(names, literal.isPresent(), variables);
        String reason = source.isPresent() ? null : TokenSource.missing(names).message()
                .replace("hik_cloud.access_token,", LITERAL + ",")
                .replace("client_id_env/client_secret_env", CLIENT_ID_ENV + "/" + CLIENT_SECRET_ENV);
        return new Credentials(source, literal, Map.copyOf(variables), reason);
    }

    @Override
    public String toString() {
        return "Credentials[" + source.map(TokenSource::describe).orElse("none") + "]";
    }
}
