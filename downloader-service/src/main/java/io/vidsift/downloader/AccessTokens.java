package io.vidsift.downloader;

import java.util.Optional;

/** Hands out the token for an API and, once per rejection, a fresh one. */
public interface AccessTokens {

    Secret current(ApiEndpoint endpoint) throws ApiFailure, InterruptedException;

    /** A different token after {@code rejected} got HTTP 401, or empty when this source cannot renew. */
    Optional<Secret> renew(ApiEndpoint endpoint, Secret rejected) throws ApiFailure, InterruptedException;

    /** A literal token or one from an env var: nothing to renew. */
    static AccessTokens fixed(Secret token) {
        return new AccessTokens() {
            @Override
            public Secret current(ApiEndpoint endpoint) {
                return token;
            }

            @Override
            public Optional<Secret> renew(ApiEndpoint endpoint, Secret rejected) {
                return Optional.empty();
            }
        };
    }
}
