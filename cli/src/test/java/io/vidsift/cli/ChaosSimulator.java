package io.vidsift.cli;

import io.vidsift.cli.stack.Home;
import io.vidsift.cli.stack.ManagedProcess;
import io.vidsift.kafka.KRaftConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One scenario's own Hik Cloud simulator, a child JVM from the packaged jar, next to the shared stack. A scenario's
 * faults are part of its simulator's scenario file, and an outage window starts with the first request that
 * simulator gets: one simulator per scenario lets every scenario run on one stack, started once, with its fault
 * timed from its own job. Clips are generated into one cache dir shared by all of them.
 */
final class ChaosSimulator implements AutoCloseable {

    private final ManagedProcess process;
    private final String url;

    private ChaosSimulator(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    static ChaosSimulator start(String name, Path scenario, Path cacheDir, Path logs) throws InterruptedException {
        int port = KRaftConfig.freePort();
        List<String> command = List.of(Home.java().toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions",
                "--enable-native-access=ALL-UNNAMED", "-jar", Home.locate().serviceJar("hik-cloud-simulator").toString());
        Map<String, String> env = Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "QUARKUS_HTTP_HOST", "127.0.0.1",
                "VIDSIFT_SIMULATOR_SCENARIO", scenario.toAbsolutePath().toString(),
                "VIDSIFT_SIMULATOR_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        ManagedProcess process = ManagedProcess.start(name, command, env, logs.resolve(name + ".log"));
        ChaosSimulator simulator = new ChaosSimulator(process, "http://127.0.0.1:" + port);
        try {
            simulator.awaitReady();
        } catch (RuntimeException | Error e) {
            simulator.close();
            throw e;
        }
        return simulator;
    }

    String url() {
        return url;
    }

    private void awaitReady() throws InterruptedException {
        URI ready = URI.create(url + "/q/health/ready");
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            if (!process.alive()) {
                throw new AssertionError("simulator exited during start-up:\n" + process.logTail(25));
            }
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("simulator not ready within 2 minutes; log: " + process.log());
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
