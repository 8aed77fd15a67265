package io.vidsift.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The simulator as a plain object on its own Vert.x server, for tests, benchmarks and the CLI:
 * {@code try (var sim = HikCloudSimulator.start(scenario)) { sim.baseUrl() ... }}. It listens on 127.0.0.1 and a
 * free port unless told otherwise, and keeps its generated clips in a temp dir removed on close.
 */
public final class HikCloudSimulator implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final SimulatorRoutes routes;
    private final Path cacheDir;
    private final String host;

    private HikCloudSimulator(Vertx vertx, HttpServer server, SimulatorRoutes routes, Path cacheDir, String host) {
        this.vertx = vertx;
        this.server = server;
        this.routes = routes;
        this.cacheDir = cacheDir;
        this.host = host;
    }

    public static HikCloudSimulator start(Scenario scenario) {
        return start(scenario, "127.0.0.1", 0);
    }

    /** Port 0 picks a free port. */
    public static HikCloudSimulator start(Scenario scenario, String host, int port) {
        Path cacheDir;
        try {
            cacheDir = Files.createTempDirectory("vidsift-sim-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Vertx vertx = Vertx.vertx();
        try {
            SimulatorRoutes routes = new SimulatorRoutes(vertx, scenario, cacheDir, Clock.systemUTC(), null);
            Router router = Router.router(vertx);
            routes.install(router);
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new HikCloudSimulator(vertx, server, routes, cacheDir, host);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot start the Hik Cloud simulator on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** What a job's {@code hik_cloud.api_base_url} should be. */
    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    public RequestCounters counters() {
        return routes.counters();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing is best effort: the JVM may be on its way out.
        }
        try (Stream<Path> files = Files.walk(cacheDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir: the OS cleans up what we could not.
        }
    }
}
