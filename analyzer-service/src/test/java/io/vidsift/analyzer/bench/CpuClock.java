package io.vidsift.analyzer.bench;

import java.lang.management.ManagementFactory;

/** Process CPU time (all threads: decoder threads, ORT threads, JIT), comparable to the user+sys of a CLI run. */
final class CpuClock {

    private CpuClock() {
    }

    static long nanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }
}
