package io.vidsift.planner;

import io.vidsift.common.config.Device;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Splitting a job's device list into records: sizes, order, ids, and putting it back together. */
class DevicePartsTest {

    private static final int RECORD_BYTES = 20_000;
    private final MessageCodec codec = new MessageCodec();
    private final DeviceParts parts = new DeviceParts(RECORD_BYTES, codec);

    @TempDir
    Path root;

    private JobPlanned planned(byte[] yaml) {
        JobConfig job = new JobIntake(new io.vidsift.common.config.ConfigLoader(),
                new IntakeLimits(4 << 20, 20, 100_000, 20, 10_000_000, RECORD_BYTES)).read(yaml, "application/yaml");
        return Plans.planner(root).plan("job-parts", job);
    }

    private int bytes(Object message) {
        return codec.write(message).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aSmallJobKeepsItsDevicesInItsJobPlanned() {
        JobPlanned planned = planned(Plans.job(20, 600, 60, "small"));
        PlanStatus accepted = parts.accept(planned, "key", "sha");

        assertThat(accepted.parts()).isEmpty();
        assertThat(accepted.planned()).isEqualTo(planned);
        assertThat(accepted.header()).isSameAs(accepted.planned());
        assertThat(codec.write(accepted.header())).isEqualTo(codec.write(planned)).doesNotContain("device_parts");
    }

    @Test
    void aBigListIsCutInOrderIntoNumberedPartsEachWithinHalfTheRecordLimit() {
        JobPlanned planned = planned(Plans.job(1_000, 600, 60, "big"));
        List<Device> devices = planned.config().hikCloud().devices();
        PlanStatus accepted = parts.accept(planned, null, "sha");

        List<JobDevices> cut = accepted.parts();
        assertThat(cut).hasSizeGreaterThan(1);
        List<Device> joined = new ArrayList<>();
        for (int i = 0; i < cut.size(); i++) {
            JobDevices part = cut.get(i);
            assertThat(part.jobId()).isEqualTo("job-parts");
            assertThat(part.part()).isEqualTo(i);
            assertThat(part.parts()).isEqualTo(cut.size());
            assertThat(part.devices()).isNotEmpty();
            assertThat(bytes(PlanProgress.devices(part))).as("journaled part %d", i).isLessThanOrEqualTo(RECORD_BYTES / 2);
            assertThat(bytes(part)).as("published part %d", i).isLessThan(RECORD_BYTES / 2);
            joined.addAll(part.devices());
        }
        assertThat(joined).isEqualTo(devices);
        // Greedy: every part but the last would have been over the budget with the next part's first device.
        for (int i = 0; i + 1 < cut.size(); i++) {
            List<Device> more = new ArrayList<>(cut.get(i).devices());
            more.add(cut.get(i + 1).devices().get(0));
            assertThat(bytes(PlanProgress.devices(new JobDevices(2, "job-parts", i, cut.size(), more))))
                    .isGreaterThan(RECORD_BYTES / 2 - 32);
        }

        JobPlanned header = accepted.header();
        assertThat(header.deviceParts()).isEqualTo(cut.size());
        assertThat(header.config().hikCloud().devices()).isEmpty();
        assertThat(header.devices()).isEqualTo(1_000);
        assertThat(header.chunks()).isEqualTo(planned.chunks()).isEqualTo(10_000);
        assertThat(bytes(PlanProgress.plan(accepted))).isLessThan(RECORD_BYTES / 2);
        // In memory the plan keeps every device: the work items are made from it.
        assertThat(accepted.planned().config().hikCloud().devices()).isEqualTo(devices);
        assertThat(accepted.planned().deviceParts()).isEqualTo(cut.size());
    }

    @Test
    void aJournaledHeaderJoinedWithItsPartsIsThePlanAgainInAnyOrder() {
        PlanStatus accepted = parts.accept(planned(Plans.job(1_000, 600, 60, "join")), null, "sha");
        PlanStatus journaled = new PlanStatus(accepted.header(), PlanStatus.QUEUED, 0, null, null, "sha", List.of());
        List<JobDevices> shuffled = new ArrayList<>(accepted.parts());
        java.util.Collections.reverse(shuffled);

        PlanStatus joined = DeviceParts.join(journaled, shuffled);
        assertThat(joined.planned()).isEqualTo(accepted.planned());
        assertThat(joined.parts()).isEqualTo(accepted.parts());
        assertThat(joined.header()).isEqualTo(accepted.header());

        assertThat(DeviceParts.join(journaled, shuffled.subList(1, shuffled.size()))).as("a part missing").isNull();
    }

    @Test
    void oneDeviceTooBigForARecordIsRefusedNamingItAndTheLimit() {
        StringBuilder yaml = new StringBuilder("source: {mode: hik_cloud}\noutput: {dir: huge}\nhik_cloud:\n  devices:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("    - {device_serial: D").append(i).append(", name: ").append(i == 17 ? "n".repeat(25_000) : "cam").append("}\n");
        }
        yaml.append("  time_ranges: [{begin: 1770080400, end: 1770084000}]\n");
        JobPlanned planned = planned(yaml.toString().getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> parts.accept(planned, null, "sha"))
                .isInstanceOfSatisfying(JobRefused.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("hik_cloud.devices[17]");
                    assertThat(p.message()).matches("is \\d+ bytes as one Kafka record, over the limit of 20000 "
                            + "\\(vidsift.planner.limits.max-record-bytes\\): a shorter name, or raise the limit with the broker's");
                }));
    }
}
