package io.vidsift.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Samples one process's resident memory (VmRSS from /proc/PID/status) once a second on a thread of its own until
 * closed; the pid is asked for at every sample, so a restarted process is followed. Compares the job's first and
 * last thirds: a resident set that grows with the work done shows as a last third above the first.
 */
final class RssSampler implements AutoCloseable {

    private final LongSupplier pid;
    private final List<Long> kib = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(LongSupplier pid) {
        this.pid = pid;
        this.thread = new Thread(this::sample, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            try {
                long value = Files.readAllLines(Path.of("/proc", Long.toString(pid.getAsLong()), "status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst()
                        .orElse(-1);
                if (value > 0) {
                    synchronized (kib) {
                        kib.add(value);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is being restarted: sample again next time
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int samples() {
        synchronized (kib) {
            return kib.size();
        }
    }

    long firstThirdMaxKib() {
        return max(0);
    }

    long lastThirdMaxKib() {
        return max(2);
    }

    private long max(int third) {
        synchronized (kib) {
            int size = kib.size() / 3;
            return kib.subList(third * size, third == 2 ? kib.size() : (third + 1) * size).stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    @Override
    public String toString() {
        synchronized (kib) {
            return samples() + " samples, max KiB per third: " + max(0) + " / " + max(1) + " / " + max(2);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
