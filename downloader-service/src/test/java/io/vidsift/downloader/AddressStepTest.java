package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AddressStepTest {

    static final ApiEndpoint API = new ApiEndpoint("https://api.example.com", "/download", "/oauth/token", 5);
    static final AddressQuery QUERY = new AddressQuery("CAM", 1, 10, 20);

    final List<Duration> waits = new ArrayList<>();
    final Sleeper sleeper = waits::add;
    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.5);

    AddressStep step(FakeApi api, AccessTokens tokens) {
        return new AddressStep(api, tokens, new AddressRateLimit(0, sleeper), 4, backoff, sleeper, Set.of("10029"));
    }

    AddressStep fixed(FakeApi api) {
        return step(api, AccessTokens.fixed(new Secret("t1")));
    }

    @Test
    void codeZeroIsAnAddress() throws Exception {
        AddressResult result = fixed(new FakeApi().address(FakeApi::ok)).request(API, QUERY);
        assertThat(result.status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        assertThat(result.actualBegin()).isEqualTo(10L);
        assertThat(result.retries()).isZero();
        assertThat(result.lastError()).isNull();
        assertThat(result.toString()).doesNotContain("Signature=s");
    }

    @Test
    void noRecordingAndOtherCodesEndAtOnce() throws Exception {
        assertThat(fixed(new FakeApi().address(() -> FakeApi.code("80438027", "none"))).request(API, QUERY).status())
                .isEqualTo(DownloadStatus.NO_RECORDING);
        AddressResult failed = fixed(new FakeApi().address(() -> FakeApi.code("80430002", "too long"))).request(API, QUERY);
        assertThat(failed.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(failed.lastError()).isEqualTo("code 80430002: too long");
        assertThat(failed.retries()).isZero();
        assertThat(waits).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedWithGrowingJitteredBackoff() throws Exception {
        FakeApi api = new FakeApi()
                .address(() -> { throw ApiFailure.forStatus(503, "address request"); })
                .address(() -> { throw new ApiFailure(ApiFailure.Kind.TRANSIENT, "address request: timed out"); })
                .address(() -> FakeApi.code("10029", "slow down"))
                .address(FakeApi::ok);
        AddressResult result = fixed(api).request(API, QUERY);
        assertThat(result.status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        assertThat(result.retries()).isEqualTo(3);
        assertThat(result.lastError()).isEqualTo("code 10029: slow down");
        // equal jitter at random 0.5: 75% of 100, 200, 400 ms
        assertThat(waits).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void givesUpAfterMaxAttempts() throws Exception {
        FakeApi api = new FakeApi();
        for (int i = 0; i < 4; i++) {
            api.address(() -> { throw ApiFailure.forStatus(502, "address request"); });
        }
        AddressResult result = fixed(api).request(API, QUERY);
        assertThat(result.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(result.retries()).isEqualTo(3);
        assertThat(result.lastError()).isEqualTo("address request: HTTP 502");
        assertThat(api.addressAnswers).isEmpty();
    }

    @Test
    void aFixedTokenRejectedWith401FailsWithoutRetrying() throws Exception {
        AddressResult result = fixed(new FakeApi().address(() -> { throw ApiFailure.forStatus(401, "address request"); }))
                .request(API, QUERY);
        assertThat(result.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(result.lastError()).isEqualTo("address request: HTTP 401");
    }

    @Test
    void clientCredentialsAreCachedAndRenewedOnceOn401() throws Exception {
        FakeApi api = new FakeApi()
                .token(new TokenGrant(new Secret("t1"), 3600))
                .token(new TokenGrant(new Secret("t2"), 3600))
                .address(FakeApi::ok)
                .address(() -> { throw ApiFailure.forStatus(401, "address request"); })
                .address(FakeApi::ok)
                .address(() -> { throw ApiFailure.forStatus(401, "address request"); });
        MutableClock clock = new MutableClock();
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(api, "id", new Secret("secret"), clock, Duration.ofSeconds(300),
                4, backoff, sleeper);
        AddressStep step = step(api, tokens);
        assertThat(step.request(API, QUERY).status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        AddressResult renewed = step.request(API, QUERY);
        assertThat(renewed.status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        assertThat(renewed.retries()).isEqualTo(1);
        assertThat(api.tokensUsed).containsExactly("t1", "t1", "t2");
        assertThat(api.tokenCalls).isEqualTo(2);
        // Renewal gave the same token back: one renewal only, then the chunk fails.
        api.token(new TokenGrant(new Secret("t2"), 3600));
        AddressResult refused = step.request(API, QUERY);
        assertThat(refused.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(api.tokenCalls).isEqualTo(3);
    }

    @Test
    void tokensAreRenewedBeforeTheyExpire() throws Exception {
        FakeApi api = new FakeApi()
                .token(new TokenGrant(new Secret("t1"), 3600))
                .token(ApiFailure.forStatus(503, "token request"))
                .token(new TokenGrant(new Secret("t2"), 3600));
        MutableClock clock = new MutableClock();
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(api, "id", new Secret("secret"), clock, Duration.ofSeconds(300),
                4, backoff, sleeper);
        assertThat(tokens.current(API).value()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(3000));
        assertThat(tokens.current(API).value()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(301));
        assertThat(tokens.current(API).value()).isEqualTo("t2");
        assertThat(api.tokenCalls).isEqualTo(3);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-02-03T01:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
