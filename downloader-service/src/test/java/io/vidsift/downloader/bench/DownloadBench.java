package io.vidsift.downloader.bench;

import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.Backoff;
import io.vidsift.downloader.PinnedHttpTransport;
import io.vidsift.downloader.Sleeper;
import io.vidsift.downloader.TargetLeases;
import io.vidsift.downloader.VideoFetcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The download half of bench/download: fetches the given signed URLs in parallel with the downloader's own
 * {@link VideoFetcher} (stream to a leased temp file, length and MP4 check, sha256, atomic rename) and prints one line:
 * {@code files=N bytes=B seconds=S peak_rss_kib=K}. Run it in its own JVM so that the peak RSS is the
 * downloader's alone. Usage: DownloadBench <target-dir> <url>...
 */
public final class DownloadBench {

    private DownloadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<String> urls = List.of(args).subList(1, args.length);
        VideoFetcher fetcher = new VideoFetcher(4, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), Math::random),
                Sleeper.REAL, Integer.getInteger("bench.buffer", 256 * 1024),
                new PinnedHttpTransport(AddressPolicy.of("loopback"))); // the bench servers are local
        ExecutorService pool = Executors.newFixedThreadPool(urls.size());
        TargetLeases leases = new TargetLeases("bench", Duration.ofMinutes(1), java.time.Clock.systemUTC());
        long start = System.nanoTime();
        List<Future<VideoFetcher.Fetched>> results = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            Path target = dir.resolve("bench-" + i + ".mp4");
            TargetLeases.Lease lease = leases.tryAcquire(target).lease().orElseThrow();
            results.add(pool.submit(() -> {
                try (lease) {
                    return fetcher.fetch(url, lease, Duration.ofMinutes(10));
                }
            }));
        }
        long bytes = 0;
        for (Future<VideoFetcher.Fetched> result : results) {
            bytes += result.get().bytes();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("files=%d bytes=%d seconds=%.3f peak_rss_kib=%d%n", urls.size(), bytes, seconds, peakRssKib());
    }

    private static long peakRssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
