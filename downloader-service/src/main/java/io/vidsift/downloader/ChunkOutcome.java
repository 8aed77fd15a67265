package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.VideoReady;

import java.util.Optional;

/** What to publish for one chunk: always its record, and the video when one is on storage. */
public record ChunkOutcome(DownloadRecorded record, Optional<VideoReady> video, boolean skipped) {
}
