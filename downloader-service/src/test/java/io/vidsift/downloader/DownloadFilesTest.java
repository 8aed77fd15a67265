package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files on storage, against a real HTTP server on 127.0.0.1 that can break a body off, change the object between
 * two requests, and hold a download open: resumes never mix two versions, two writers never share a file, and
 * neither temp files nor leases outlive the work.
 */
class DownloadFilesTest {

    @TempDir
    Path storage;

    /** A raw HTTP/1.1 server: it must be able to close the connection in the middle of a body, which HttpServer cannot. */
    ServerSocket server;
    ExecutorService serving;
    volatile byte[] body = TestChunks.mp4(1);
    volatile String etag = "\"v1\"";
    volatile boolean breakNext;
    volatile CountDownLatch hold = new CountDownLatch(0);
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    volatile Runnable afterBreak = () -> { };

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = Executors.newCachedThreadPool();
        serving.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    serving.submit(() -> serve(socket));
                } catch (IOException closed) {
                    return null;
                }
            }
            return null;
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        serving.shutdownNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v.mp4?Signature=secret";
    }

    private Void serve(Socket socket) throws Exception {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String range = null;
            String ifRange = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("range:")) {
                    range = line.substring(6).trim();
                } else if (lower.startsWith("if-range:")) {
                    ifRange = line.substring(9).trim();
                }
            }
            requests.add("GET range=" + range + " if-range=" + ifRange);
            hold.await(30, TimeUnit.SECONDS);
            byte[] current = body;
            int start = 0;
            if (range != null && (ifRange == null || ifRange.equals(etag))) {
                start = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            }
            StringBuilder head = new StringBuilder(start > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n");
            head.append("Content-Length: ").append(current.length - start).append("\r\nConnection: close\r\n");
            if (etag != null) {
                head.append("ETag: ").append(etag).append("\r\n");
            }
            if (start > 0) {
                head.append("Content-Range: bytes ").append(start).append('-').append(current.length - 1).append('/')
                        .append(current.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (breakNext) {
                breakNext = false;
                out.write(current, start, (current.length - start) / 2); // then the connection closes: a broken body
                afterBreak.run();
            } else {
                out.write(current, start, current.length - start);
            }
            out.flush();
        }
        return null;
    }

    Path fetch(TestChunks t) throws Exception {
        Path target = storage.resolve("v.mp4");
        VideoFetcher fetcher = new VideoFetcher(4, t.backoff, t.sleeper, 1024, TestChunks.LOOPBACK);
        try (TargetLeases.Lease lease = new TargetLeases("test", Duration.ofMinutes(1), Clock.systemUTC()).tryAcquire(target)
                .lease().orElseThrow()) {
            VideoFetcher.Fetched fetched = fetcher.fetch(url(), lease, Duration.ofSeconds(30));
            assertThat(fetched.sha256()).isEqualTo(sha256(Files.readAllBytes(target)));
        }
        return target;
    }

    @Test
    void aBrokenBodyResumesWithRangeAndIfRange() throws Exception {
        breakNext = true;
        Path target = fetch(new TestChunks());
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).matches("GET range=bytes=\\d+- if-range=\"v1\"");
        assertNothingLeft();
    }

    @Test
    void aResumeAgainstAChangedObjectStartsOverAndNeverMixesVersions() throws Exception {
        breakNext = true;
        byte[] two = TestChunks.mp4(2);
        afterBreak = () -> {
            body = two;
            etag = "\"v2\"";
        };
        Path target = fetch(new TestChunks());
        assertThat(Files.readAllBytes(target)).isEqualTo(two);
        assertThat(requests.get(1)).as("asked to resume v1 only").contains("if-range=\"v1\"");
        assertNothingLeft();
    }

    @Test
    void withoutAValidatorABrokenBodyIsFetchedAgainWhole() throws Exception {
        etag = null;
        breakNext = true;
        Path target = fetch(new TestChunks());
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(requests).containsExactly("GET range=null if-range=null", "GET range=null if-range=null");
        assertNothingLeft();
    }

    @Test
    void aValidatorWithALineBreakIsNeverSentBackAndTheFileStartsOver() throws Exception {
        // The download host chose its ETag: sent back in If-Range, a bare CR in it would split the request.
        etag = "\"v1\"\rX-Injected: yes";
        breakNext = true;
        Path target = fetch(new TestChunks());
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(requests).containsExactly("GET range=null if-range=null", "GET range=null if-range=null");
        assertNothingLeft();
    }

    @Test
    void twoJobsOverOneWindowWriteTheFileOnceAndBothRecordIt() throws Exception {
        TestChunks t = new TestChunks();
        FakeApi api = new FakeApi();
        for (int i = 0; i < 4; i++) { // one each, and the waiting writer asks once more when the file is free
            api.address(() -> new AddressReply("0", "ok", url(), 1_770_080_400L, 1_770_080_700L));
        }
        ChunkDownloader downloader = t.downloader(api, AccessTokens.fixed(new Secret("t1")), storage, Duration.ofHours(1));
        hold = new CountDownLatch(1);
        // The second writer finds the file leased while the first is still downloading: then the first may finish.
        t.metrics.onSetback = cause -> {
            if (cause == FailureCause.TARGET_BUSY) {
                hold.countDown();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ChunkOutcome> a = pool.submit(() -> downloader.handle(TestChunks.chunk("job-a", false)));
            Future<ChunkOutcome> b = pool.submit(() -> downloader.handle(TestChunks.chunk("job-b", false)));
            ChunkOutcome first = a.get(60, TimeUnit.SECONDS);
            ChunkOutcome second = b.get(60, TimeUnit.SECONDS);
            assertThat(List.of(first, second)).allSatisfy(o -> {
                assertThat(o.record().status()).isEqualTo(DownloadStatus.DOWNLOADED);
                assertThat(o.record().sha256()).isEqualTo(sha256(body));
            });
            assertThat(List.of(first.skipped(), second.skipped())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).as("one download").hasSize(1);
        assertThat(t.metrics.setbacks).contains(FailureCause.TARGET_BUSY);
        assertNothingLeft();
    }

    @Test
    void theSkipCheckComparesContentNotSize() throws Exception {
        TestChunks t = new TestChunks();
        FakeApi api = new FakeApi();
        for (int i = 0; i < 2; i++) {
            api.address(() -> new AddressReply("0", "ok", url(), 1_770_080_400L, 1_770_080_700L));
        }
        ChunkDownloader downloader = t.downloader(api, AccessTokens.fixed(new Secret("t1")), storage, Duration.ofHours(1));
        ChunkOutcome first = downloader.handle(TestChunks.chunk("job-a", false));
        Path video = storage.resolve(first.record().path());
        byte[] damaged = Files.readAllBytes(video);
        damaged[damaged.length / 2] ^= 0x55; // same size, different bytes
        Files.write(video, damaged);
        ChunkOutcome again = downloader.handle(TestChunks.chunk("job-a", false));
        assertThat(again.skipped()).isFalse();
        assertThat(Files.readAllBytes(video)).isEqualTo(body);
        ChunkOutcome third = downloader.handle(TestChunks.chunk("job-a", false));
        assertThat(third.skipped()).as("intact now: skipped without a request").isTrue();
        assertThat(requests).hasSize(2);
    }

    private void assertNothingLeft() throws IOException {
        try (Stream<Path> files = Files.walk(storage)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(TargetLeases.PART_SUFFIX) || n.endsWith(TargetLeases.LEASE_SUFFIX) || n.endsWith(".tmp"));
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
