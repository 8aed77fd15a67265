package io.vidsift.common.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where the downloader gets its Hik Cloud credentials, in the order of DESIGN.md: a literal token, the env var
 * named by {@code access_token_env}, or client credentials from {@code client_id_env}/{@code client_secret_env}.
 * It names env vars, never their values, so it can be logged.
 */
public sealed interface TokenSource {

    record Literal() implements TokenSource {
        @Override
        public String describe() {
            return "hik_cloud.access_token (literal)";
        }
    }

    record FromEnv(String variable) implements TokenSource {
        @Override
        public String describe() {
            return "env " + variable;
        }
    }

    record ClientCredentials(String clientIdVariable, String clientSecretVariable) implements TokenSource {
        @Override
        public String describe() {
            return "client credentials from env " + clientIdVariable + "/" + clientSecretVariable;
        }
    }

    String describe();

    /** The first usable source, or empty when none is configured and set. */
    static Optional<TokenSource> resolve(HikCloudConfig config, boolean hasLiteral, Map<String, String> env) {
        if (hasLiteral) {
            return Optional.of(new Literal());
        }
        if (config.accessTokenEnv() != null && !isBlank(env.get(config.accessTokenEnv()))) {
            return Optional.of(new FromEnv(config.accessTokenEnv()));
        }
        if (config.clientIdEnv() != null && !isBlank(env.get(config.clientIdEnv()))
                && !isBlank(env.get(config.clientSecretEnv()))) {
            return Optional.of(new ClientCredentials(config.clientIdEnv(), config.clientSecretEnv()));
        }
        return Optional.empty();
    }

    /** The one-line problem to report when {@link #resolve} finds nothing. */
    static ConfigProblem missing(HikCloudConfig config) {
        StringBuilder why = new StringBuilder("no token source: set hik_cloud.access_token, or the env var ")
                .append(config.accessTokenEnv()).append(" (named by access_token_env)");
        if (config.clientIdEnv() != null) {
            why.append(", or ").append(config.clientIdEnv()).append(" and ").append(config.clientSecretEnv());
        } else {
            why.append(", or configure client_id_env/client_secret_env");
        }
        return new ConfigProblem("hik_cloud.access_token_env", why.toString());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
