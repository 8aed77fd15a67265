package io.vidsift.analyzer.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CPU budget from fake cgroup trees: the container's quota, not the node's cores. */
class CpuBudgetTest {

    @Test
    void cgroupV2QuotaRoundedUp(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cpu.max"), "150000 100000\n");

        CpuBudget budget = CpuBudget.detect(0, root, 64);

        assertThat(budget.cpus()).isEqualTo(2);
        assertThat(budget.source()).isEqualTo("cgroup v2 cpu.max");
        assertThat(budget.or(0)).isEqualTo(2);
        assertThat(budget.or(5)).isEqualTo(5);
    }

    @Test
    void cgroupV2WithoutLimitIsTheCores(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cpu.max"), "max 100000\n");

        assertThat(CpuBudget.detect(0, root, 16)).isEqualTo(new CpuBudget(16, "cores"));
    }

    @Test
    void cgroupV1Quota(@TempDir Path root) throws Exception {
        Path cpu = Files.createDirectories(root.resolve("cpu"));
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "400000\n");
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000\n");

        assertThat(CpuBudget.detect(0, root, 64)).isEqualTo(new CpuBudget(4, "cgroup v1 cpu.cfs_quota_us"));

        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "-1\n");
        assertThat(CpuBudget.detect(0, root, 64)).isEqualTo(new CpuBudget(64, "cores"));
    }

    @Test
    void aSmallQuotaIsAtLeastOneCpuAndNeverAboveTheCores(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cpu.max"), "50000 100000");
        assertThat(CpuBudget.detect(0, root, 8).cpus()).isEqualTo(1);

        Files.writeString(root.resolve("cpu.max"), "3200000 100000");
        assertThat(CpuBudget.detect(0, root, 8).cpus()).isEqualTo(8);
    }

    @Test
    void theOverrideWins(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cpu.max"), "200000 100000");

        assertThat(CpuBudget.detect(3, root, 8)).isEqualTo(new CpuBudget(3, "vidsift.analyzer.cpus"));
    }

    @Test
    void unreadableFilesAreTheCores(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cpu.max"), "garbage");

        assertThat(CpuBudget.detect(0, root.resolve("absent"), 6)).isEqualTo(new CpuBudget(6, "cores"));
        assertThat(CpuBudget.detect(0, root, 6)).isEqualTo(new CpuBudget(6, "cores"));
    }
}
