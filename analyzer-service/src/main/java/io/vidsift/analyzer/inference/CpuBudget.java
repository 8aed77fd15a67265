package io.vidsift.analyzer.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many CPUs this worker may use: what decoder threads, decode segments and ONNX Runtime's intra-op threads are
 * sized to when their settings are 0. In a pod that is the container's CPU limit, not the node's cores: FFmpeg and
 * ONNX Runtime count the node's cores, and 64 threads fighting over a 2-CPU quota get throttled, not faster.
 *
 * <p>Precedence: the {@code vidsift.analyzer.cpus} override (env {@code VIDSIFT_ANALYZER_CPUS}); else the cgroup v2
 * quota ({@code <root>/cpu.max}: "quota period", or "max"); else the cgroup v1 quota ({@code <root>/cpu/cpu.cfs_quota_us}
 * over {@code cpu.cfs_period_us}, -1 = none); rounded up, never more than the cores the JVM sees nor fewer than 1.
 *
 * @param cpus   the budget
 * @param source where it came from, for the start-up log line
 */
public record CpuBudget(int cpus, String source) {

    public static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    /** The budget of this process: cgroup files under /sys/fs/cgroup, cores from the JVM. */
    public static CpuBudget detect(int override) {
        return detect(override, CGROUP_ROOT, Runtime.getRuntime().availableProcessors());
    }

    /** @param override a configured CPU count; 0 = read the cgroup */
    public static CpuBudget detect(int override, Path cgroupRoot, int cores) {
        int max = Math.max(1, cores);
        if (override > 0) {
            return new CpuBudget(Math.min(override, max), "vidsift.analyzer.cpus");
        }
        Double v2 = v2(cgroupRoot.resolve("cpu.max"));
        if (v2 != null) {
            return new CpuBudget(clamp(v2, max), "cgroup v2 cpu.max");
        }
        Double v1 = v1(cgroupRoot.resolve("cpu").resolve("cpu.cfs_quota_us"), cgroupRoot.resolve("cpu").resolve("cpu.cfs_period_us"));
        if (v1 == null) {
            v1 = v1(cgroupRoot.resolve("cpu,cpuacct").resolve("cpu.cfs_quota_us"), cgroupRoot.resolve("cpu,cpuacct").resolve("cpu.cfs_period_us"));
        }
        if (v1 != null) {
            return new CpuBudget(clamp(v1, max), "cgroup v1 cpu.cfs_quota_us");
        }
        return new CpuBudget(max, "cores");
    }

    /** A setting of 0 means "the budget". */
    public int or(int configured) {
        return configured > 0 ? configured : cpus;
    }

    private static int clamp(double quotaCpus, int max) {
        return (int) Math.max(1, Math.min(max, Math.ceil(quotaCpus - 1e-9)));
    }

    /** "200000 100000" → 2.0; "max 100000" or unreadable → null. */
    private static Double v2(Path cpuMax) {
        String text = read(cpuMax);
        if (text == null) {
            return null;
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2 || parts[0].equals("max")) {
            return null;
        }
        return ratio(parts[0], parts[1]);
    }

    private static Double v1(Path quota, Path period) {
        String q = read(quota);
        String p = read(period);
        if (q == null || p == null || q.trim().startsWith("-")) {
            return null;
        }
        return ratio(q.trim(), p.trim());
    }

    private static Double ratio(String quota, String period) {
        try {
            double q = Long.parseLong(quota);
            double p = Long.parseLong(period);
            return q > 0 && p > 0 ? q / p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
