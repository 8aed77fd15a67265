package io.vidsift.downloader;

import java.util.Optional;

/**
 * The last gate before the network: refuses every token and address request whose URL's host is not in
 * {@link ApiHosts}, without calling the API it wraps, so neither the token nor the client secret leaves for a
 * host nobody allowed. {@link ChunkDownloader} already ends such a chunk before any request; this gate also
 * covers every other path to the API (token renewal, a future caller).
 */
public final class AllowListedApi implements HikCloudApi {

    private final HikCloudApi api;
    private final ApiHosts hosts;

    public AllowListedApi(HikCloudApi api, ApiHosts hosts) {
        this.api = api;
        this.hosts = hosts;
    }

    @Override
    public AddressReply address(ApiEndpoint endpoint, Secret token, AddressQuery query) throws ApiFailure {
        refuse(hosts.refusal("api_base_url", endpoint.baseUrl()));
        refuse(hosts.refusal("api_base_url + download_path", endpoint.baseUrl() + endpoint.downloadPath()));
        return api.address(endpoint, token, query);
    }

    @Override
    public TokenGrant token(ApiEndpoint endpoint, String clientId, Secret clientSecret) throws ApiFailure {
        refuse(hosts.refusal("api_base_url", endpoint.baseUrl()));
        refuse(hosts.refusal("api_base_url + token_path", endpoint.baseUrl() + endpoint.tokenPath()));
        return api.token(endpoint, clientId, clientSecret);
    }

    private static void refuse(Optional<String> refusal) throws ApiFailure {
        if (refusal.isPresent()) {
            throw new ApiFailure(ApiFailure.Kind.PERMANENT, refusal.get());
        }
    }
}
