package io.vidsift.downloader;

/**
 * The two Hik Cloud calls the downloader makes. Implementations turn HTTP into {@link AddressReply} /
 * {@link TokenGrant} or an {@link ApiFailure}; they decide nothing about retries.
 */
public interface HikCloudApi {

    AddressReply address(ApiEndpoint endpoint, Secret token, AddressQuery query) throws ApiFailure;

    TokenGrant token(ApiEndpoint endpoint, String clientId, Secret clientSecret) throws ApiFailure;
}
