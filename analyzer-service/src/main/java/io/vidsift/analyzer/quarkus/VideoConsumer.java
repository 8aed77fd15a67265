package io.vidsift.analyzer.quarkus;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vidsift.analyzer.pipeline.AnalysisCache;
import io.vidsift.analyzer.pipeline.StorageRetry;
import io.vidsift.analyzer.pipeline.VideoAnalyzer;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoAnalyzed;
import io.vidsift.common.messages.VideoReady;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * vidsift.videos → analysis → vidsift.analyses. Blocking processing (ordered, the default) keeps one video per worker at a time
 * (scale out with replicas, up to the topic's partition count). The incoming record is acknowledged only after the
 * VideoAnalyzed write is acknowledged, so a crash mid-video redelivers it (at-least-once; results are keyed and
 * idempotent on video_id). A record that is not a VideoReady is nacked and goes to vidsift.videos.dlq. A video whose
 * outputs cannot be written (storage full) is retried here until they can: see StorageRetry.
 */
@ApplicationScoped
public class VideoConsumer {

    private static final Logger LOG = Logger.getLogger(VideoConsumer.class);

    private final VideoAnalyzer analyzer;
    private final AnalysisCache cache;
    private final StorageRetry storage;
    private final MessageCodec codec;

    public VideoConsumer(VideoAnalyzer analyzer, AnalysisCache cache, StorageRetry storage, MessageCodec codec) {
        this.analyzer = analyzer;
        this.cache = cache;
        this.storage = storage;
        this.codec = codec;
    }

    @Incoming("videos")
    @Outgoing("analyses")
    @Blocking
    public Record<String, String> analyze(String json) throws InterruptedException {
        VideoReady video = codec.read(json, VideoReady.class);
        if (video.videoId() == null || video.path() == null) {
            throw new io.vidsift.common.messages.BadMessageException("VideoReady without video_id or path");
        }
        LOG.infof("analysing %s (%s)", video.videoId(), video.path());
        // A full or unwritable storage is waited out (record unacknowledged), never recorded as the video's result.
        VideoAnalyzed result = storage.run(() -> cache.analyze(video, analyzer::analyze), fault -> analyzer.storageFailed(video,
                "storage full or unwritable for longer than vidsift.analyzer.storage-deadline: " + fault.reason()));
        LOG.infof("video %s: %s, %d frames, %d clips, %s ms", video.videoId(), result.status().key(), result.framesSampled(),
                result.clipTotal(), result.timingsMs().get("total"));
        return Record.of(result.jobId(), codec.write(result));
    }
}
