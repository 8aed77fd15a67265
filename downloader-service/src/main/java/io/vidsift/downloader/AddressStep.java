package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadStatus;

import java.util.Optional;
import java.util.Set;

/**
 * Gets a download address for one chunk, in one short round: transient failures (transport, timeouts, 5xx,
 * unreadable answers and the configured rate-limit codes) are retried with backoff up to {@code maxAttempts}; an
 * HTTP 401 renews the token once; code 0 is an address, 80438027 is "no recording", any other code fails the chunk.
 * A round that ends on a transient cause says so ({@link AddressResult#cause()}); {@link ChunkDownloader} decides
 * whether to try again later.
 */
public final class AddressStep {

    private final HikCloudApi api;
    private final AccessTokens tokens;
    private final AddressRateLimit rateLimit;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Set<String> retryableCodes;

    public AddressStep(HikCloudApi api, AccessTokens tokens, AddressRateLimit rateLimit, int maxAttempts, Backoff backoff,
                       Sleeper sleeper, Set<String> retryableCodes) {
        this.api = api;
        this.tokens = tokens;
        this.rateLimit = rateLimit;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.retryableCodes = Set.copyOf(retryableCodes);
    }

    public AddressResult request(ApiEndpoint endpoint, AddressQuery query) throws InterruptedException {
        String lastError = null;
        FailureCause cause = null;
        boolean renewed = false;
        int attempts = 0;   // what maxAttempts limits
        int tries = 0;      // every round, the renewal retry included: retries = tries - 1
        boolean backOff = false;
        while (attempts < maxAttempts) {
            attempts++;
            tries++;
            if (backOff) {
                sleeper.sleep(backoff.delay(attempts - 1));
            }
            backOff = true;
            Secret token;
            try {
                token = tokens.current(endpoint);
            } catch (ApiFailure e) {
                lastError = e.getMessage();
                cause = e.cause();
                if (e.kind() != ApiFailure.Kind.TRANSIENT) {
                    break;
                }
                continue;
            }
            rateLimit.acquire();
            AddressReply reply;
            try {
                reply = api.address(endpoint, token, query);
            } catch (ApiFailure e) {
                lastError = e.getMessage();
                cause = e.cause();
                if (e.kind() == ApiFailure.Kind.UNAUTHORIZED && !renewed) {
                    renewed = true;
                    Optional<Secret> fresh;
                    try {
                        fresh = tokens.renew(endpoint, token);
                    } catch (ApiFailure renewal) {
                        lastError = renewal.getMessage();
                        cause = renewal.cause();
                        break;
                    }
                    if (fresh.isEmpty()) {
                        break; // a literal/env token: nothing to renew; 401 stays a transient cause (revoked for now)
                    }
                    // The renewal is what the 401 asked for: retry at once, without spending an attempt.
                    attempts--;
                    backOff = false;
                    continue;
                }
                if (e.kind() == ApiFailure.Kind.TRANSIENT) {
                    continue;
                }
                break;
            }
            if (reply.ok()) {
                if (reply.url() == null || reply.url().isBlank()) {
                    lastError = "code 0 without a url";
                    cause = FailureCause.API_UNAVAILABLE;
                    continue;
                }
                return new AddressResult(DownloadStatus.ADDRESS_OK, reply.url(), reply.actualBegin(), reply.actualEnd(),
                        tries - 1, lastError, null);
            }
            if (AddressReply.NO_RECORDING.equals(reply.code())) {
                return new AddressResult(DownloadStatus.NO_RECORDING, null, null, null, tries - 1, lastError, null);
            }
            lastError = "code " + ApiText.recordable(reply.code(), token)
                    + (reply.message() == null ? "" : ": " + ApiText.recordable(reply.message(), token));
            if (!retryableCodes.contains(reply.code())) {
                cause = FailureCause.API_CODE;
                break;
            }
            cause = FailureCause.RATE_LIMITED;
        }
        return new AddressResult(DownloadStatus.ADDRESS_FAILED, null, null, null, Math.max(0, tries - 1), lastError, cause);
    }
}
