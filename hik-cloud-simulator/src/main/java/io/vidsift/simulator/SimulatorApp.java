package io.vidsift.simulator;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The runnable simulator: mounts {@link SimulatorRoutes} on Quarkus' HTTP server (port 8090), next to
 * {@code /q/health}. The scenario comes from {@code vidsift.simulator.scenario} (a file), else the bundled demo.
 */
@ApplicationScoped
public class SimulatorApp {

    private static final Logger LOG = Logger.getLogger(SimulatorApp.class);
    static final String DEMO = "scenarios/demo.yaml";

    private final Optional<String> scenarioFile;
    private final String cacheDir;
    private final Optional<String> publicUrl;
    private SimulatorRoutes routes;

    public SimulatorApp(@ConfigProperty(name = "vidsift.simulator.scenario") Optional<String> scenarioFile,
                        @ConfigProperty(name = "vidsift.simulator.cache-dir") String cacheDir,
                        @ConfigProperty(name = "vidsift.simulator.public-url") Optional<String> publicUrl) {
        this.scenarioFile = scenarioFile;
        this.cacheDir = cacheDir;
        this.publicUrl = publicUrl;
    }

    void mount(@Observes Router router, Vertx vertx) {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = scenarioFile.map(f -> loader.load(Path.of(f))).orElseGet(() -> loader.loadResource(DEMO));
        routes = new SimulatorRoutes(vertx, scenario, Path.of(cacheDir), Clock.systemUTC(), publicUrl.orElse(null));
        routes.install(router);
        LOG.infof("Hik Cloud simulator: scenario %s, %d device channel(s), %d fault rule(s)",
                scenarioFile.orElse("classpath:" + DEMO), scenario.cameras().size(), scenario.faults().size());
    }

    public RequestCounters counters() {
        return routes.counters();
    }
}
