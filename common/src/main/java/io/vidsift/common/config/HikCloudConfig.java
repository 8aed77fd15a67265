package io.vidsift.common.config;

import java.util.List;

/**
 * {@code hik_cloud}: the API endpoint, where the token comes from, chunking and timeouts, and what to fetch.
 * It has no field for a literal token on purpose: a literal {@code access_token} is returned separately by the
 * loader so that this record, which travels on topics, can never carry one.
 */
public record HikCloudConfig(
        String apiBaseUrl,
        String downloadPath,
        String tokenPath,
        String accessTokenEnv,
        String clientIdEnv,
        String clientSecretEnv,
        int chunkSeconds,
        int timeoutSeconds,
        int downloadTimeoutSeconds,
        List<Device> devices,
        List<TimeRange> timeRanges) {

    public static final String DEFAULT_API_BASE_URL = "https://api2.hik-cloud.com";
    public static final String DEFAULT_DOWNLOAD_PATH = "/v1/carrier/cstorage/open/play/download";
    public static final String DEFAULT_TOKEN_PATH = "/oauth/token";
    public static final String DEFAULT_ACCESS_TOKEN_ENV = "HIK_CLOUD_ACCESS_TOKEN";
    public static final int DEFAULT_CHUNK_SECONDS = 600;
    /** The API answers 80430002 for longer intervals. */
    public static final int MAX_CHUNK_SECONDS = 3600;
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 600;
}
