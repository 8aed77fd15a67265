package io.vidsift.cli.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Restarts the stack's children when they die, as Kubernetes would: a process that exited without being stopped is
 * started again with the same command, port and log after a backoff that doubles with each restart in a row (1 s up
 * to 30 s; a process that stayed up for a minute starts over at 1 s), with one line on {@code log} each time. The
 * services are built to survive it: offsets are committed only after outcomes are safe, so a restarted service
 * picks up where the dead one stopped. {@code changed} hears every restart (the stack rewrites stack.json, which
 * {@code vidsift stack status} shows with each process's restart count).
 */
public final class Supervisor implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);

    private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();
    private final Map<ManagedProcess, Long> diedAt = new ConcurrentHashMap<>();
    private final Map<ManagedProcess, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<ManagedProcess, Integer> inARow = new ConcurrentHashMap<>();
    private final PrintStream log;
    private final Consumer<ManagedProcess> changed;
    private final ScheduledExecutorService timer;

    public Supervisor(PrintStream log, Consumer<ManagedProcess> changed) {
        this.log = log;
        this.changed = changed;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "vidsift-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, 250, 250, TimeUnit.MILLISECONDS);
    }

    public void watch(ManagedProcess process) {
        startedAt.put(process, System.nanoTime());
        processes.add(process);
    }

    private void check() {
        long now = System.nanoTime();
        for (ManagedProcess process : processes) {
            try {
                if (process.stopping() || process.alive()) {
                    if (process.alive() && now - startedAt.getOrDefault(process, now) > STABLE.toNanos()) {
                        inARow.remove(process);
                    }
                    continue;
                }
                int row = inARow.getOrDefault(process, 0);
                Duration backoff = backoff(row);
                Long died = diedAt.get(process);
                if (died == null) {
                    diedAt.put(process, now);
                    log.printf("vidsift: %s (pid %d) exited with code %d; restarting it in %d s (restart %d); log: %s%n",
                            process.name(), process.pid(), process.exitCode(), backoff.toSeconds(), process.restarts() + 1, process.log());
                    continue;
                }
                if (now - died < backoff.toNanos()) {
                    continue;
                }
                if (process.restart()) {
                    diedAt.remove(process);
                    startedAt.put(process, System.nanoTime());
                    inARow.put(process, row + 1);
                    log.printf("vidsift: %s restarted (pid %d, restart %d)%n", process.name(), process.pid(), process.restarts());
                    changed.accept(process);
                }
            } catch (RuntimeException e) {
                log.printf("vidsift: cannot restart %s: %s%n", process.name(), e.getMessage());
            }
        }
    }

    static Duration backoff(int restartsInARow) {
        long seconds = FIRST_BACKOFF.toSeconds() << Math.min(5, restartsInARow);
        return Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), seconds));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
