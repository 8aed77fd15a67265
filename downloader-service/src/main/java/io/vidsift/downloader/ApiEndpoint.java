package io.vidsift.downloader;

import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.messages.ChunkRequested;

/** Where a chunk's API lives (from its job) and how long one API call may take. Carries no credential. */
public record ApiEndpoint(String baseUrl, String downloadPath, String tokenPath, int timeoutSeconds) {

    public static ApiEndpoint of(ChunkRequested chunk) {
        return new ApiEndpoint(stripSlash(chunk.apiBaseUrl()), chunk.downloadPath(),
                chunk.tokenPath() != null ? chunk.tokenPath() : HikCloudConfig.DEFAULT_TOKEN_PATH,
                chunk.timeoutSeconds() > 0 ? chunk.timeoutSeconds() : HikCloudConfig.DEFAULT_TIMEOUT_SECONDS);
    }

    /** Tokens belong to an API: one cache entry per base URL and token path. */
    public String tokenKey() {
        return baseUrl + tokenPath;
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
