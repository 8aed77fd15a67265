package io.vidsift.downloader.quarkus;

/** The downloader's SmallRye channel names (their Kafka settings are in application.properties). */
final class Channels {

    /** vidsift.chunks, consumed. */
    static final String CHUNKS = "chunks";
    /** vidsift.downloads, DownloadRecorded. */
    static final String DOWNLOADS = "downloads";
    /** vidsift.videos, VideoReady. */
    static final String VIDEOS = "videos";

    private Channels() {
    }
}
