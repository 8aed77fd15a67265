package io.vidsift.aggregator.output;

import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.VideoReady;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hik_cloud_download_manifest.jsonl}: one row per chunk with its latest status. The columns are exactly the
 * seed's, in the seed's order, plus chunk_id, bytes, sha256 and container: the container as received ({@code mp4},
 * {@code fmp4}, {@code mpeg-ts}, {@code mpeg-ps}, {@code imkh-ps}; null when nothing was stored), which is not what is
 * on storage when the downloader remuxed a PS/TS download to MP4 (video_manifest.jsonl has the probe's). Times are epoch seconds, as sent to and answered
 * by the API (timeBegin/timeEnd, actualBeginTime/actualEndTime); readable local times are in video_manifest.jsonl,
 * summary.json and report.html. {@code path} is relative to the storage root, like every path in messages.
 */
public final class DownloadManifest {

    public static final List<String> COLUMNS = List.of("source", "device_serial", "channel_no", "requested_begin",
            "requested_end", "actual_begin", "actual_end", "download_url_host", "path", "status", "retry_count",
            "last_error", "chunk_id", "bytes", "sha256", "container");

    private DownloadManifest() {
    }

    public static Map<String, Object> row(DownloadRecorded chunk) {
        CloudWindow w = chunk.window();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("source", chunk.source() == null ? VideoReady.SOURCE_HIK_CLOUD : chunk.source());
        row.put("device_serial", w.deviceSerial());
        row.put("channel_no", w.channelNo());
        row.put("requested_begin", w.requestedBegin());
        row.put("requested_end", w.requestedEnd());
        row.put("actual_begin", w.actualBegin());
        row.put("actual_end", w.actualEnd());
        row.put("download_url_host", chunk.downloadUrlHost());
        row.put("path", chunk.path());
        row.put("status", chunk.status().key());
        row.put("retry_count", chunk.retryCount());
        row.put("last_error", chunk.lastError());
        row.put("chunk_id", chunk.chunkId());
        row.put("bytes", chunk.bytes());
        row.put("sha256", chunk.sha256());
        row.put("container", chunk.container());
        return row;
    }
}
