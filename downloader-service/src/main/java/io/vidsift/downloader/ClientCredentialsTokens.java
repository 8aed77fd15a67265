package io.vidsift.downloader;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-credentials tokens, one per API: fetched on first use, cached (the token endpoint is rate-limited),
 * renewed {@code margin} before expiry, and renewed at once when a call was answered 401. Threads that find the
 * token being renewed wait for that renewal instead of asking again.
 */
public final class ClientCredentialsTokens implements AccessTokens {

    private record Cached(Secret token, long expiresAtMillis) {
    }

    private final HikCloudApi api;
    private final String clientId;
    private final Secret clientSecret;
    private final Clock clock;
    private final Duration margin;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ClientCredentialsTokens(HikCloudApi api, String clientId, Secret clientSecret, Clock clock, Duration margin,
                                   int maxAttempts, Backoff backoff, Sleeper sleeper) {
        this.api = api;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        this.margin = margin;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    @Override
    public Secret current(ApiEndpoint endpoint) throws ApiFailure, InterruptedException {
        Cached cached = cache.get(endpoint.tokenKey());
        if (fresh(cached)) {
            return cached.token();
        }
        synchronized (this) {
            cached = cache.get(endpoint.tokenKey());
            if (fresh(cached)) {
                return cached.token();
            }
            return fetch(endpoint).token();
        }
    }

    @Override
    public synchronized Optional<Secret> renew(ApiEndpoint endpoint, Secret rejected) throws ApiFailure, InterruptedException {
        Cached cached = cache.get(endpoint.tokenKey());
        if (cached != null && !cached.token().equals(rejected) && fresh(cached)) {
            return Optional.of(cached.token()); // someone else renewed it meanwhile
        }
        Cached renewed = fetch(endpoint);
        return renewed.token().equals(rejected) ? Optional.empty() : Optional.of(renewed.token());
    }

    private boolean fresh(Cached cached) {
        return cached != null && clock.millis() < cached.expiresAtMillis() - margin.toMillis();
    }

    private Cached fetch(ApiEndpoint endpoint) throws ApiFailure, InterruptedException {
        ApiFailure last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                TokenGrant grant = api.token(endpoint, clientId, clientSecret);
                Cached cached = new Cached(grant.accessToken(), clock.millis() + grant.expiresInSeconds() * 1000);
                cache.put(endpoint.tokenKey(), cached);
                return cached;
            } catch (ApiFailure e) {
                last = e;
                if (e.kind() != ApiFailure.Kind.TRANSIENT) {
                    break;
                }
                if (attempt < maxAttempts) {
                    sleeper.sleep(backoff.delay(attempt));
                }
            }
        }
        // The kind survives: a 401 (credentials refused) and an outage are transient causes, not a failed chunk.
        throw last.prefixed("token request failed: ");
    }
}
