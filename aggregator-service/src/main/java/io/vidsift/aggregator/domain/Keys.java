package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.CloudWindow;

/**
 * Store keys whose byte order is the order of the output rows, so that a file is written by one range scan of a
 * job's prefix, never by sorting rows in memory. Parts are joined by U+0000, which sorts below every other
 * character (so "DEV1" comes before "DEV10", as String order has it); numbers are zero-padded to a fixed width;
 * a null part sorts last, as the rows' comparators have it ("0" + value before "1").
 * <p>
 * Rows: chunks by camera (serial, channel) and requested window, then chunk id; videos the same way, videos
 * without a window (local) after them by path, then video id; clips by index within their video; cameras by
 * (serial, channel); hours by camera, then start.
 */
public final class Keys {

    public static final char SEP = '\u0000';

    private Keys() {
    }

    /** Every key of a job starts with this, and no other job's key does. */
    public static String job(String jobId) {
        return jobId + SEP;
    }

    public static String chunk(String jobId, CloudWindow window, String chunkId) {
        return job(jobId) + window(window) + SEP + chunkId;
    }

    public static String video(String jobId, CloudWindow window, String path, String videoId) {
        return job(jobId) + (window == null ? "1" : "0" + window(window)) + SEP + nullable(path) + SEP + videoId;
    }

    /** The prefix of one cloud camera's video rows (the part of {@link #video} before the requested window). */
    public static String cameraVideos(String jobId, Camera camera) {
        return job(jobId) + "0" + nullable(camera.deviceSerial()) + SEP + number(camera.channelNo(), 10) + SEP;
    }

    /** The prefix of a video's inline (schema 1) clips; {@link #clip} appends the index. */
    public static String clips(String videoKey) {
        return videoKey + SEP;
    }

    public static String clip(String videoKey, int index) {
        return clips(videoKey) + number(index, 10);
    }

    public static String camera(String jobId, Camera camera) {
        return job(jobId) + camera(camera);
    }

    public static String hours(String jobId, Camera camera) {
        return camera(jobId, camera) + SEP;
    }

    public static String hour(String jobId, Camera camera, long hourStart) {
        return hours(jobId, camera) + number(hourStart, 19);
    }

    /** Events that came before their job's plan, in arrival order. */
    public static String early(String jobId, long sequence) {
        return job(jobId) + number(sequence, 19);
    }

    private static String camera(Camera camera) {
        return camera.deviceSerial() == null ? "1" : "0" + camera.deviceSerial() + SEP + number(camera.channelNo(), 10);
    }

    private static String window(CloudWindow w) {
        return nullable(w.deviceSerial()) + SEP + number(w.channelNo(), 10) + SEP + number(w.requestedBegin(), 19)
                + SEP + number(w.requestedEnd(), 19);
    }

    private static String nullable(String value) {
        return value == null ? "1" : "0" + value;
    }

    /** Non-negative numbers only (channels, epoch seconds, indexes); a negative one sorts first. */
    private static String number(long value, int width) {
        if (value < 0) {
            return "-" + number(Long.MAX_VALUE + value, width);
        }
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
