package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure table of the README, row by row, on dry-run chunks (the address step) with a scripted API: transient
 * causes outlast the quick retries without becoming final, until the deadline; chunk-specific codes are final at once.
 */
class FailureClassesTest {

    @TempDir
    Path storage;

    final TestChunks t = new TestChunks();
    final AccessTokens token = AccessTokens.fixed(new Secret("t1"));

    FakeApi failing(int times, FakeApi.Answer failure) {
        FakeApi api = new FakeApi();
        for (int i = 0; i < times; i++) {
            api.address(failure);
        }
        return api.address(FakeApi::ok);
    }

    DownloadRecorded run(FakeApi api, Duration deadline) throws InterruptedException {
        return t.downloader(api, token, storage, deadline).handle(TestChunks.chunk("job-1", true)).record();
    }

    @Test
    void anOutageLongerThanTheQuickRetriesIsWaitedOut() throws Exception {
        DownloadRecorded r = run(failing(10, () -> { throw ApiFailure.forStatus(503, "address request"); }), Duration.ofHours(6));
        assertThat(r.status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        assertThat(r.retryCount()).isEqualTo(10);
        assertThat(r.lastError()).isEqualTo("address request: HTTP 503");
        assertThat(t.metrics.setbacks).containsOnly(FailureCause.API_UNAVAILABLE).hasSize(2); // 4 quick tries, 4 more, then the 11th request
        assertThat(t.gates.events).containsExactly("closed api_unavailable: address request: HTTP 503", "opened");
        assertThat(t.outages.current()).isEmpty();
    }

    @Test
    void aRevokedTokenAndARateLimitStormHealToo() throws Exception {
        DownloadRecorded revoked = run(failing(9, () -> { throw ApiFailure.forStatus(401, "address request"); }), Duration.ofHours(6));
        assertThat(revoked.status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        DownloadRecorded limited = run(failing(9, () -> FakeApi.code("10029", "api rate limit exceeded")), Duration.ofHours(6));
        assertThat(limited.status()).isEqualTo(DownloadStatus.ADDRESS_OK);
        assertThat(t.metrics.setbacks).contains(FailureCause.UNAUTHORIZED, FailureCause.RATE_LIMITED);
    }

    @Test
    void aTransientCauseIsFinalOnlyAfterTheDeadlineWithThatCause() throws Exception {
        Instant start = t.clock.instant();
        t.minStep = Duration.ofMinutes(10);
        FakeApi down = new FakeApi();
        for (int i = 0; i < 1_000; i++) {
            down.address(() -> { throw ApiFailure.transport("address request", new java.net.ConnectException("refused")); });
        }
        DownloadRecorded r = run(down, Duration.ofHours(2));
        assertThat(r.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(r.lastError()).isEqualTo("address request: ConnectException");
        assertThat(Duration.between(start, t.clock.instant())).as("time the chunk waited (stepping clock)")
                .isGreaterThanOrEqualTo(Duration.ofHours(2));
        assertThat(t.outages.current()).as("the API is still down: readiness keeps saying so").hasSize(1);
    }

    @Test
    void chunkSpecificCodesAreFinalAtOnce() throws Exception {
        DownloadRecorded code = run(new FakeApi().address(() -> FakeApi.code("80430011", "device offline")), Duration.ofHours(6));
        assertThat(code.status()).isEqualTo(DownloadStatus.ADDRESS_FAILED);
        assertThat(code.lastError()).isEqualTo("code 80430011: device offline");
        assertThat(code.retryCount()).isZero();
        DownloadRecorded none = run(new FakeApi().address(() -> FakeApi.code("80438027", "no record")), Duration.ofHours(6));
        assertThat(none.status()).isEqualTo(DownloadStatus.NO_RECORDING);
        assertThat(t.metrics.setbacks).isEmpty();
        assertThat(t.gates.events).isEmpty();
    }
}
