package io.vidsift.common.messages;

/** What FFmpeg says about a video file. Numbers it could not tell are null. */
public record Probe(
        String container,
        String codec,
        Integer width,
        Integer height,
        Double fps,
        Double durationSeconds,
        Double startTimeSeconds,
        Long bitrate,
        Long estimatedFrames) {
}
