package io.vidsift.cli.stack;

import io.vidsift.kafka.KRaftConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A child killed with SIGKILL comes back on its port, healthy, counted; a child being stopped stays stopped. */
class SupervisorTest {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    boolean healthy(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A bounded wait: polls until the condition holds, fails when the time is up. */
    static void until(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + limit).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aKilledChildIsRestartedAndHealthyAgain() throws Exception {
        int port = KRaftConfig.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), TinyService.class.getName(), Integer.toString(port));
        ManagedProcess child = ManagedProcess.start("tiny-service", command, Map.of(), dir.resolve("logs/tiny.log"));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        AtomicInteger changes = new AtomicInteger();
        try (Supervisor supervisor = new Supervisor(new PrintStream(lines, true, StandardCharsets.UTF_8), p -> changes.incrementAndGet())) {
            supervisor.watch(child);
            until(Duration.ofSeconds(60), () -> healthy(port));
            long first = child.pid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly(); // SIGKILL
            until(Duration.ofSeconds(60), () -> child.restarts() == 1 && healthy(port));
            assertThat(child.pid()).isNotEqualTo(first);
            assertThat(changes).hasValue(1);
            String log = lines.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("vidsift: tiny-service (pid " + first + ") exited with code 137; restarting it in 1 s (restart 1)")
                    .contains("vidsift: tiny-service restarted (pid " + child.pid() + ", restart 1)");

            child.stop();
            assertThat(child.alive()).isFalse();
            // Several supervision rounds later it is still down: stopping is not dying.
            long rounds = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            until(Duration.ofSeconds(10), () -> System.nanoTime() > rounds);
            assertThat(child.alive()).isFalse();
            assertThat(child.restarts()).isEqualTo(1);
        } finally {
            child.stop();
        }
    }

    @Test
    void theBackoffDoublesUpToThirtySeconds() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 9).stream().map(Supervisor::backoff).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }
}
