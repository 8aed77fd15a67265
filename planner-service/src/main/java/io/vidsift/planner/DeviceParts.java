package io.vidsift.planner;

import io.vidsift.common.config.Device;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.messages.JobDevices;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a job's device list travels when it is too big for one record. A job whose plan entry (the JobPlanned with
 * every device, as journaled) fits in half of {@code max-record-bytes} keeps today's records: the devices stay in
 * the JobPlanned. A bigger one is cut, in list order, into {@link JobDevices} parts of at most that half each
 * (journal envelope included), and its JobPlanned travels without devices, naming the number of parts. Half, so
 * that each record also fits where it is wrapped again (the aggregator's repartition topic) with room to spare;
 * {@code max-record-bytes} itself bounds every single record, so only a job with one device too big for a record
 * is refused.
 */
final class DeviceParts {

    private final int maxRecordBytes;
    private final MessageCodec codec;

    DeviceParts(int maxRecordBytes, MessageCodec codec) {
        this.maxRecordBytes = maxRecordBytes;
        this.codec = codec;
    }

    /** The size a part aims at, and the size up to which a JobPlanned keeps its devices. */
    int partBytes() {
        return maxRecordBytes / 2;
    }

    /**
     * The accepted status of a freshly planned job: inline when it fits one part, else in parts. Throws
     * {@link JobRefused} (naming {@code max-record-bytes}) when any record of it would be over the record limit.
     */
    PlanStatus accept(JobPlanned planned, String idempotencyKey, String requestSha256) {
        PlanStatus inline = new PlanStatus(planned, PlanStatus.ACCEPTED, 0, null, idempotencyKey, requestSha256, List.of());
        if (planned.config().mode() != SourceMode.HIK_CLOUD || bytes(PlanProgress.plan(inline)) <= partBytes()) {
            check("(document)", PlanProgress.plan(inline));
            return inline;
        }
        List<JobDevices> parts = split(planned.jobId(), planned.config().hikCloud().devices());
        JobPlanned announced = new JobPlanned(planned.schema(), planned.jobId(), planned.plannedAt(), planned.config(), planned.devices(),
                planned.ranges(), planned.chunks(), planned.files(), parts.size());
        PlanStatus split = new PlanStatus(announced, PlanStatus.ACCEPTED, 0, null, idempotencyKey,
                requestSha256, parts);
        check("(document)", PlanProgress.plan(split));
        // A part of several devices is within partBytes by construction; one device alone may be any size.
        int first = 0;
        for (JobDevices part : parts) {
            if (part.devices().size() == 1) {
                check("hik_cloud.devices[" + first + "]", PlanProgress.devices(part));
            }
            first += part.devices().size();
        }
        return split;
    }

    /** The devices in parts of at most {@link #partBytes()} as journal entries, in order; a part has at least one device. */
    List<JobDevices> split(String jobId, List<Device> devices) {
        int budget = partBytes() - bytes(PlanProgress.devices(new JobDevices(0, jobId, Integer.MAX_VALUE, Integer.MAX_VALUE, List.of())));
        List<List<Device>> slices = new ArrayList<>();
        List<Device> current = new ArrayList<>();
        int used = 0;
        for (Device device : devices) {
            int size = bytes(device) + 1; // and its comma
            if (!current.isEmpty() && used + size > budget) {
                slices.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(device);
            used += size;
        }
        if (!current.isEmpty()) {
            slices.add(current);
        }
        List<JobDevices> parts = new ArrayList<>(slices.size());
        for (int i = 0; i < slices.size(); i++) {
            parts.add(JobDevices.of(jobId, i, slices.size(), slices.get(i)));
        }
        return parts;
    }

    /**
     * A journaled plan with its devices back in it, from its journaled parts; null when some part is missing (the
     * caller fails the plan, loudly: its chunks cannot be produced without every device).
     */
    static PlanStatus join(PlanStatus header, List<JobDevices> journaled) {
        int parts = header.planned().deviceParts();
        List<JobDevices> sorted = journaled.stream().filter(p -> p.parts() == parts)
                .sorted(Comparator.comparingInt(JobDevices::part)).distinct().toList();
        for (int i = 0; i < parts; i++) {
            if (sorted.size() != parts || sorted.get(i).part() != i) {
                return null;
            }
        }
        List<Device> devices = new ArrayList<>();
        sorted.forEach(part -> devices.addAll(part.devices()));
        return header.withDevices(withDevices(header.planned(), devices), sorted);
    }

    /** The JobPlanned as published when the devices go in parts: the same plan with an empty device list. */
    static JobPlanned header(JobPlanned planned) {
        return planned.deviceParts() == 0 ? planned : withDevices(planned, List.of());
    }

    private static JobPlanned withDevices(JobPlanned p, List<Device> devices) {
        HikCloudConfig h = p.config().hikCloud();
        HikCloudConfig hik = new HikCloudConfig(h.apiBaseUrl(), h.downloadPath(), h.tokenPath(), h.accessTokenEnv(), h.clientIdEnv(),
                h.clientSecretEnv(), h.chunkSeconds(), h.timeoutSeconds(), h.downloadTimeoutSeconds(), List.copyOf(devices), h.timeRanges());
        JobConfig c = p.config();
        JobConfig config = new JobConfig(c.name(), c.dryRun(), c.mode(), c.local(), hik, c.timezone(), c.outputDir(), c.storageRoot(),
                c.analysis());
        return new JobPlanned(p.schema(), p.jobId(), p.plannedAt(), config, p.devices(), p.ranges(), p.chunks(), p.files(), p.deviceParts());
    }

    private void check(String field, PlanProgress entry) {
        int size = bytes(entry);
        if (size > maxRecordBytes) {
            throw JobRefused.invalid(field, "is " + size + " bytes as one Kafka record, over the limit of " + maxRecordBytes
                    + " (" + IntakeLimits.setting("max-record-bytes") + "): a shorter name, or raise the limit with the broker's");
        }
    }

    private int bytes(Object message) {
        return codec.write(message).getBytes(StandardCharsets.UTF_8).length;
    }
}
