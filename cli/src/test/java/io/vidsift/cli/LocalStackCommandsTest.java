package io.vidsift.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * submit/status/jobs find the local stack from its stack.json, send its key (only to its own addresses) and an
 * Idempotency-Key, and never print the key. The planner and aggregator here are loopback HTTP servers that answer
 * as the real ones do; StackIT runs the same commands against the real services.
 */
class LocalStackCommandsTest {

    private static final String KEY = "k-0123456789-secret";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<Map<String, String>> submissions = new CopyOnWriteArrayList<>();
    private final Map<String, String> statusAuth = new ConcurrentHashMap<>();
    private final AtomicInteger polls = new AtomicInteger();
    private volatile boolean plainArray;
    private volatile boolean refuse;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jobs", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        String path = exchange.getRequestURI().getPath();
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        if (refuse) {
            reply(exchange, 401, "");
        } else if ("POST".equals(exchange.getRequestMethod())) {
            submissions.add(Map.of("auth", auth, "idempotency", String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            reply(exchange, 202, "{\"job_id\":\"job-1\",\"mode\":\"local\",\"chunks\":0,\"files\":2,\"output_dir\":\"" + dir + "\"}");
        } else if (path.equals("/jobs/job-1")) {
            statusAuth.put("auth", auth);
            // analyzing first, then done with one failed video
            reply(exchange, 200, polls.incrementAndGet() < 2 ? status("job-1", "analyzing", 0.5, 1, 0) : status("job-1", "completed_with_failures", 1, 1, 1));
        } else if (path.equals("/jobs")) {
            statusAuth.put("list", auth);
            String first = status("job-1", "completed", 1, 2, 0);
            String second = status("job-2", "analyzing", 0.25, 1, 0);
            if (plainArray) {
                reply(exchange, 200, "[" + first + "," + second + "]");
            } else if (!query.contains("after=")) {
                reply(exchange, 200, "{\"jobs\":[" + first + "],\"next_after\":\"job-1\"}");
            } else {
                reply(exchange, 200, "{\"jobs\":[" + second + "],\"next_after\":null}");
            }
        } else {
            reply(exchange, 404, "{}");
        }
    }

    private String status(String id, String state, double progress, int analyzed, int failed) {
        return ("{\"job_id\":\"%s\",\"name\":\"cams\",\"state\":\"%s\",\"progress\":%s,\"chunks\":{\"terminal\":0},"
                + "\"videos\":{\"expected\":2,\"analyzed\":%d,\"by_status\":{\"analyzed\":%d,\"probe_failed\":%d}},"
                + "\"counts\":{\"files_planned\":2,\"analyzed\":%d,\"probe_failed\":%d},\"output_dir\":\"%s\",\"outputs\":{}}")
                .formatted(id, state, progress, analyzed + failed, analyzed, failed, analyzed, failed, dir);
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private Path stack(long pid) {
        Path work = dir.resolve("stack");
        Stack.write(work, new StackInfo(work.toString(), dir.resolve("storage").toString(), "127.0.0.1:1", url, url, null,
                List.of(new StackInfo.Member("test", pid, 0, "", 0)), KEY, List.of()));
        return work;
    }

    private Path job() throws IOException {
        return Files.writeString(dir.resolve("job.yaml"), "name: cams\nsource: {mode: local, local: {input_dir: videos}}\noutput: {dir: out}\n");
    }

    @Test
    void submitWaitFindsTheStackSendsItsKeyAndExitsWithTheJobsCode() throws IOException {
        Path work = stack(ProcessHandle.current().pid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(Stack.STATE_FILE)))).isEqualTo("rw-------");

        var result = ConfigErrorsTest.run("submit", job().toString(), "--work-dir", work.toString(), "--wait", "--timeout-minutes", "1");

        assertThat(result.code()).as(result.err()).isEqualTo(ExitCode.COMPLETED_WITH_FAILURES);
        assertThat(result.out().strip()).isEqualTo("job-1");
        assertThat(result.err()).contains("] 100% completed_with_failures", "probe_failed");
        assertThat(submissions).hasSize(1);
        assertThat(submissions.get(0).get("auth")).isEqualTo("Bearer " + KEY);
        assertThat(submissions.get(0).get("idempotency")).matches("[0-9a-f]{64}");
        assertThat(statusAuth.get("auth")).isEqualTo("Bearer " + KEY);
        assertThat(result.out() + result.err()).doesNotContain(KEY);
    }

    @Test
    void theSameJobGetsTheSameIdempotencyKeyAndRerunSendsNone() throws IOException {
        Path work = stack(ProcessHandle.current().pid());
        Path job = job();
        ConfigErrorsTest.run("submit", job.toString(), "--work-dir", work.toString());
        ConfigErrorsTest.run("submit", job.toString(), "--work-dir", work.toString());
        ConfigErrorsTest.run("submit", job.toString(), "--work-dir", work.toString(), "--rerun");
        ConfigErrorsTest.run("submit", job.toString(), "--work-dir", work.toString(), "--dry-run");

        List<String> keys = submissions.stream().map(s -> s.get("idempotency")).toList();
        assertThat(keys).hasSize(4);
        assertThat(keys.get(0)).matches("[0-9a-f]{64}").isEqualTo(keys.get(1));
        assertThat(keys.get(2)).isEqualTo("null");
        assertThat(keys.get(3)).matches("[0-9a-f]{64}").isNotEqualTo(keys.get(0));
    }

    @Test
    void theStacksKeyGoesOnlyToTheStacksOwnAddresses() throws IOException {
        Path work = stack(ProcessHandle.current().pid());
        ConfigErrorsTest.run("submit", job().toString(), "--work-dir", work.toString(), "--planner", url);
        ConfigErrorsTest.run("submit", job().toString(), "--work-dir", work.toString(), "--planner", url, "--api-key", "other-key");

        assertThat(submissions).extracting(s -> s.get("auth")).containsExactly("null", "Bearer other-key");

        // A job sent to a named planner is not watched on the local stack's aggregator.
        var mismatched = ConfigErrorsTest.run("submit", job().toString(), "--work-dir", work.toString(), "--planner", url, "--wait");
        assertThat(mismatched.code()).isEqualTo(ExitCode.USAGE);
        assertThat(mismatched.err()).contains("error: --wait: with a planner named by --planner");
        assertThat(submissions).hasSize(2);
    }

    @Test
    void jobsListsEveryPageOrTheOldPlainArray() {
        Path work = stack(ProcessHandle.current().pid());
        var one = ConfigErrorsTest.run("jobs", "--work-dir", work.toString(), "--limit", "1");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("job-1", "completed", "100%").doesNotContain("job-2");
        assertThat(one.err()).contains("more: vidsift jobs --after job-1");

        var all = ConfigErrorsTest.run("jobs", "--work-dir", work.toString(), "--all");
        assertThat(all.out()).contains("job-1", "job-2", "analyzing", " 25%", "cams");
        assertThat(statusAuth.get("list")).isEqualTo("Bearer " + KEY);

        plainArray = true;
        var old = ConfigErrorsTest.run("jobs", "--work-dir", work.toString());
        assertThat(old.out()).contains("job-1", "job-2");
        assertThat(old.err()).doesNotContain("more:");
    }

    @Test
    void statusAnswersFromTheStackAndARefusedKeyIsNamedButNotShown() {
        Path work = stack(ProcessHandle.current().pid());
        polls.set(5);
        var status = ConfigErrorsTest.run("status", "job-1", "--work-dir", work.toString());
        assertThat(status.code()).isEqualTo(ExitCode.COMPLETED_WITH_FAILURES);
        assertThat(status.out()).contains("\"state\" : \"completed_with_failures\"");

        refuse = true;
        var refused = ConfigErrorsTest.run("status", "job-1", "--work-dir", work.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(refused.err()).contains("refused the API key (HTTP 401)", "--api-key").doesNotContain(KEY);
    }

    @Test
    void withoutAStackOrWithAStoppedOneTheErrorSaysWhatToDo() throws Exception {
        var none = ConfigErrorsTest.run("status", "job-1", "--work-dir", dir.resolve("nothing").toString());
        assertThat(none.code()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(none.err()).contains("no --aggregator URL (or VIDSIFT_AGGREGATOR_URL) given and no stack in", "vidsift stack up");

        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        gone.waitFor();
        Path work = stack(gone.pid());
        var stale = ConfigErrorsTest.run("submit", job().toString(), "--work-dir", work.toString());
        assertThat(stale.code()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(stale.err()).contains("is not running");
        assertThat(submissions).isEmpty();
    }
}
