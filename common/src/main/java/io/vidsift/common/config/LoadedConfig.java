package io.vidsift.common.config;

import java.util.Optional;

/**
 * What the loader read: the job, plus a literal {@code hik_cloud.access_token} if the YAML had one. The literal
 * is kept apart so it is handed only to the component that talks to the API and is never published.
 */
public record LoadedConfig(JobConfig job, Optional<String> literalAccessToken) {

    @Override
    public String toString() {
        return "LoadedConfig[job=" + job + ", literalAccessToken=" + (literalAccessToken.isPresent() ? "***" : "none") + "]";
    }
}
