package io.vidsift.planner.quarkus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.messages.Ids;
import io.vidsift.planner.ChunkWindows;
import io.vidsift.planner.IntakeLimits;
import io.vidsift.planner.JobIntake;
import io.vidsift.planner.JobPlanner;
import io.vidsift.planner.JobSubmissions;
import io.vidsift.planner.PlannerSettings;
import io.vidsift.planner.RetryDelays;
import io.vidsift.planner.WriteRoots;
import io.vidsift.service.MetricNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Wires the plain planner classes from the configuration, and starts and stops the publishing thread. */
@ApplicationScoped
public class PlannerBeans {

    private static final Logger LOG = Logger.getLogger(PlannerBeans.class);

    @Produces
    @Singleton
    WriteRoots writeRoots(PlannerConfig config, @ConfigProperty(name = "vidsift.storage.root", defaultValue = "./storage") String storageRoot) {
        List<Path> roots = config.allowedRoots().orElse(List.of()).stream()
                .map(String::strip).filter(root -> !root.isEmpty()).map(Path::of).toList();
        return new WriteRoots(Path.of(storageRoot), roots);
    }

    @Produces
    @Singleton
    JobIntake jobIntake(PlannerConfig config) {
        PlannerConfig.Limits limits = config.limits();
        return new JobIntake(new ConfigLoader(), new IntakeLimits(limits.maxBodyBytes(), limits.maxDepth(), limits.maxDevices(),
                limits.maxRanges(), limits.maxChunks(), limits.maxRecordBytes()));
    }

    @Produces
    @Singleton
    JobPlanner jobPlanner(WriteRoots roots) {
        return new JobPlanner(roots, Clock.systemUTC());
    }

    @Produces
    @Singleton
    ChunkWindows chunkWindows(PlannerConfig config) {
        return new ChunkWindows(config.maxOutstandingPerJob(), config.windowRelease(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    JobSubmissions jobSubmissions(JobIntake intake, JobPlanner planner, KafkaPlanJournal journal, KafkaWorkPublisher publisher,
                                  ChunkWindows windows, MeterRegistry registry, PlannerConfig config) {
        JobSubmissions submissions = new JobSubmissions(intake, planner, journal, publisher, new MicrometerPlanningMetrics(registry),
                new PlannerSettings(config.batchSize(), RetryDelays.standard(), config.journalRetention(), Clock.systemUTC()), windows,
                Ids::newJobId);
        Gauge.builder(MetricNames.PLANNER_BACKLOG, submissions.book(), book -> book.backlog())
                .description("accepted plans not yet completely published").register(registry);
        return submissions;
    }

    /** Outcomes are followed before anything is published, so no outcome of a chunk published now is missed. */
    void start(@Observes StartupEvent started, JobSubmissions submissions, DownloadOutcomes outcomes, ChunkWindows windows,
               WriteRoots roots) {
        LOG.infof("jobs may write under %s", roots.roots());
        if (windows.bounded()) {
            outcomes.start();
        }
        submissions.start();
    }

    void stop(@Observes ShutdownEvent stopping, JobSubmissions submissions, DownloadOutcomes outcomes) throws InterruptedException {
        submissions.stop();
        outcomes.stop();
    }
}
