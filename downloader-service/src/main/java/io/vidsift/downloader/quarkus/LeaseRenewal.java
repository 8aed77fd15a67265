package io.vidsift.downloader.quarkus;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vidsift.downloader.TargetLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Renews this instance's file leases every third of their time, so only a dead process lets one expire. */
@ApplicationScoped
public class LeaseRenewal {

    private final TargetLeases leases;
    private ScheduledExecutorService timer;

    public LeaseRenewal(TargetLeases leases) {
        this.leases = leases;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, leases.renewEvery().toMillis());
        timer.scheduleWithFixedDelay(leases::renewHeld, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
