package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.vidsift.common.messages.AnalysisStatus;
import io.vidsift.common.messages.DownloadStatus;

/**
 * One camera's counters within a job, kept up to date event by event: chunks and videos by status, clips, and the
 * seconds downloaded and analyzed (summed per chunk: a camera's chunks are disjoint windows). Local videos share
 * one camera without a serial, whose analyzed time is the probes' durations.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CameraTotals {

    String deviceSerial;
    Integer channelNo;
    String name;
    long[] chunks = new long[DownloadStatus.values().length];
    long[] videos = new long[AnalysisStatus.values().length];
    long clips;
    long requestedSeconds;
    long downloadedSeconds;
    long analyzedSeconds;
    double localSeconds;

    CameraTotals() {
    }

    CameraTotals(Camera camera) {
        this.deviceSerial = camera.deviceSerial();
        this.channelNo = camera.channelNo();
        this.name = camera.name();
    }

    public Camera camera() {
        return new Camera(deviceSerial, channelNo, name);
    }

    public long chunks(DownloadStatus status) {
        return chunks[status.ordinal()];
    }

    public long videos(AnalysisStatus status) {
        return videos[status.ordinal()];
    }

    public long clips() {
        return clips;
    }

    /** Requested seconds summed over the chunks seen: the fallback when the plan has no time ranges. */
    public long requestedSeconds() {
        return requestedSeconds;
    }

    public long downloadedSeconds() {
        return downloadedSeconds;
    }

    public long analyzedSeconds() {
        return analyzedSeconds;
    }

    public double localSeconds() {
        return localSeconds;
    }
}
