package io.vidsift.cli;

import io.vidsift.common.config.HikCloudConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The downloader's token settings for a job run on the embedded stack. The downloader reads its token source
 * from its own config ({@code vidsift.hik-cloud.*}), as in a deployment; the CLI maps the job's
 * {@code access_token_env}/{@code client_id_env}/{@code client_secret_env} onto it. The variables' values reach
 * the child through the inherited environment; a literal token goes only into the child's environment.
 */
final class DownloaderEnv {

    static final String LITERAL_TOKEN = "VIDSIFT_HIK_CLOUD_ACCESS_TOKEN";

    private DownloaderEnv() {
    }

    static Map<String, String> forJob(HikCloudConfig hik, Optional<String> literalToken) {
        Map<String, String> env = new HashMap<>();
        if (hik == null) {
            return env;
        }
        literalToken.ifPresent(token -> env.put(LITERAL_TOKEN, token));
        env.put("VIDSIFT_HIK_CLOUD_ACCESS_TOKEN_ENV", hik.accessTokenEnv());
        if (hik.clientIdEnv() != null) {
            env.put("VIDSIFT_HIK_CLOUD_CLIENT_ID_ENV", hik.clientIdEnv());
            env.put("VIDSIFT_HIK_CLOUD_CLIENT_SECRET_ENV", hik.clientSecretEnv());
        }
        return env;
    }
}
