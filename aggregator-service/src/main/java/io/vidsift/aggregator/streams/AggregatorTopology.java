package io.vidsift.aggregator.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.HourBucket;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.RowCodec;
import io.vidsift.aggregator.domain.VideoEntry;
import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.common.messages.BadMessageException;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.JobPlanned;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The aggregator's whole topology, in one place.
 * <pre>
 *  vidsift.jobs ──────┐ job_id read ─┬─ none ─▶ decoded for the reason ─▶ &lt;topic&gt;.dlq (headers dead-letter-reason, -topic)
 *  vidsift.downloads ─┤ (streaming)  ├─ on its job's partition ────────────────────────┐
 *  vidsift.analyses ──┘              └─ elsewhere ─▶ repartition "events-by-job" ─────┴▶ decode ─┬─ bad ─▶ &lt;topic&gt;.dlq
 *                                                                                                └─ event ─▶ JobProcessor (RocksDB stores)
 *                                                  JobCompleted ─▶ vidsift.jobs  ◀────────┤
 *                                    status per job ─▶ vidsift.aggregator.job-status ◀────┘ (compacted)
 *                                    vidsift.aggregator.job-status ─▶ global store "job-status" (REST, any instance)
 * </pre>
 * A job's plan, downloads and analyses fold on one partition, in one task, with its stores. The topics are keyed by
 * job id (the planner, downloader and analyzer produce them so), so nearly every record already lies on its job's
 * partition and is folded where it is read ({@link JobRoute}); the rest (an older producer's record keyed by chunk
 * or video, a record of a topic with fewer partitions than the others) crosses the repartition topic, which feeds
 * the same task: one sub-topology reads the three inputs and the repartition topic, whose partition count is the
 * fold's ({@code partitions}, the largest input topic's). Keying at the producers instead of re-keying everything
 * here took every event's second trip through the broker (a produce and a fetch in the transaction) off the fold:
 * bench/aggregator's analysed job went from 8,400 to 16,100 events/s cold, 12,500 to 18,300 warm. The downloaders' and analyzers'
 * work is spread by vidsift.chunks and vidsift.videos, not by these topics, so keying them by job costs no
 * parallelism. A record is decoded once, after routing, found its partition by a streaming read of {@code job_id}
 * alone, and keeps its topic and key for the dead-letter topic.
 */
public final class AggregatorTopology {

    public static final String STATUS_TOPIC = "vidsift.aggregator.job-status";
    public static final String STATUS_STORE = "job-status";
    static final String REPARTITION = "events-by-job";
    static final String DEAD_LETTER_REASON = "dead-letter-reason";
    static final String DEAD_LETTER_TOPIC = "dead-letter-topic";

    static final String PLANS = "job-plans";
    static final String TOTALS = "job-totals";
    static final String CHUNKS = "job-chunks";
    static final String VIDEOS = "job-videos";
    static final String CLIPS = "job-clips";
    static final String CAMERAS = "job-cameras";
    static final String HOURS = "job-hours";
    static final String EARLY = "job-early";

    private AggregatorTopology() {
    }

    /** A routed record after the repartition: the event, or why it could not be read (then dead-lettered), or neither (ignored). */
    record Decoded(AggregatorEvent event, String reason, Routed routed) {
    }

    /** A record the job processor emits: a JobCompleted for vidsift.jobs, or a status for the status topic. */
    record Output(String topic, String json) {
    }

    /**
     * @param partitions the fold's partitions: the largest partition count of the three input topics (every
     *                   instance must pass the same, {@link InputTopics#prepare} reads it from the cluster)
     */
    public static Topology build(MessageCodec codec, JobSignals signals, OutputDirs dirs, ClipSource clipFiles,
                                 Duration statusInterval, int partitions) {
        StreamsBuilder builder = new StreamsBuilder();
        ObjectMapper mapper = codec.mapper();
        EventDecoder decoder = new EventDecoder(codec);
        stores(mapper).forEach(builder::addStateStore);
        KStream<String, Routed> routed = null;
        for (String topic : Routed.TOPICS) {
            String name = topic.substring(topic.indexOf('.') + 1);
            KStream<String, Routed> read = builder
                    .stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + name))
                    .process(() -> new JobRoute(decoder, topic, partitions), Named.as("by-job-" + name));
            routed = routed == null ? read : routed.merge(read, Named.as("merge-" + name));
        }
        // A record without a readable job_id cannot be routed: it is decoded where it is, for the reason, and
        // dead-lettered; every other record is decoded once, on its job's partition.
        deadLetters(routed.filter((jobId, r) -> jobId == null, Named.as("unroutable"))
                .mapValues(r -> decode(decoder, r), Named.as("decode-unroutable")), "unroutable");
        KStream<String, Routed> moved = routed
                .filter((jobId, r) -> jobId != null && !r.home(), Named.as("elsewhere"))
                .repartition(Repartitioned.with(Serdes.String(), new Routed.RoutedSerde()).withName(REPARTITION)
                        .withNumberOfPartitions(partitions));
        KStream<String, Decoded> decoded = routed
                .filter((jobId, r) -> jobId != null && r.home(), Named.as("at-home"))
                .merge(moved, Named.as("merge-moved"))
                .mapValues(r -> decode(decoder, r), Named.as("decode"));
        deadLetters(decoded, "bad");
        KStream<String, Output> outputs = decoded
                .filter((key, d) -> d.event() != null, Named.as("events"))
                .mapValues(Decoded::event, Named.as("event"))
                .process(() -> new JobProcessor(signals, dirs, clipFiles, codec, statusInterval), Named.as("jobs"),
                        PLANS, TOTALS, CHUNKS, VIDEOS, CLIPS, CAMERAS, HOURS, EARLY);
        outputs.filter((key, out) -> Topics.JOBS.equals(out.topic()), Named.as("completions"))
                .mapValues(Output::json, Named.as("completion-json"))
                .to(Topics.JOBS, Produced.<String, String>with(Serdes.String(), Serdes.String()).withName("announce"));
        outputs.filter((key, out) -> STATUS_TOPIC.equals(out.topic()), Named.as("statuses"))
                .mapValues(Output::json, Named.as("status-json"))
                .to(STATUS_TOPIC, Produced.<String, String>with(Serdes.String(), Serdes.String()).withName("publish-status"));
        builder.globalTable(STATUS_TOPIC, Consumed.with(Serdes.String(), Serdes.String()).withName("read-status"),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STATUS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        return builder.build();
    }

    /** Records that could not be read go to their own topic's dead-letter topic, as they came, under their own key. */
    private static void deadLetters(KStream<String, Decoded> decoded, String name) {
        decoded.filter((key, d) -> d.reason() != null, Named.as(name + "-records"))
                .process(DeadLetters::new, Named.as(name + "-dead-letters"))
                .to((key, value, context) -> Topics.deadLetter(new String(context.headers().lastHeader(DEAD_LETTER_TOPIC).value(),
                                StandardCharsets.UTF_8)), Produced.<String, byte[]>with(Serdes.String(), Serdes.ByteArray()).withName(name + "-dlq"));
    }

    private static List<StoreBuilder<?>> stores(ObjectMapper mapper) {
        return List.of(
                store(PLANS, StoreSerde.json(mapper, JobPlanned.class)),
                store(TOTALS, StoreSerde.TOTALS),
                store(CHUNKS, StoreSerde.binary(mapper, DownloadRecorded.class, RowCodec::write, RowCodec::readChunk)),
                store(VIDEOS, StoreSerde.binary(mapper, VideoEntry.class, RowCodec::write, RowCodec::readVideo)),
                store(CLIPS, StoreSerde.json(mapper, ClipResult.class)),
                store(CAMERAS, StoreSerde.CAMERAS),
                store(HOURS, StoreSerde.binary(mapper, HourBucket.class, RowCodec::write, RowCodec::readHour)),
                store(EARLY, StoreSerde.json(mapper, AggregatorEvent.class)));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        // Changelogged (the default): a restarted or moved task restores from it instead of replaying the inputs.
        // Cached: a job's and a camera's counter rows change with every event, and the cache sends each changed row
        // to RocksDB and the changelog once per commit instead of once per event.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values).withCachingEnabled();
    }

    private static Decoded decode(EventDecoder decoder, Routed routed) {
        try {
            return new Decoded(decoder.decode(routed.topic(), routed.raw()), null, routed);
        } catch (BadMessageException e) {
            return new Decoded(null, e.getMessage(), routed);
        } catch (RuntimeException e) {
            // Whatever else a hostile record makes the JSON reader throw, it is that record's fault, not the fold's.
            return new Decoded(null, "not a valid record of " + routed.topic() + ": " + e.getClass().getSimpleName(), routed);
        }
    }

    /** The original record, under its original key, with the reason it could not be read and its topic as headers. */
    private static final class DeadLetters implements Processor<String, Decoded, String, byte[]> {

        private ProcessorContext<String, byte[]> context;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Decoded> record) {
            Decoded bad = record.value();
            Record<String, byte[]> dead = new Record<>(bad.routed().sourceKey(), bad.routed().raw(), record.timestamp(), record.headers());
            dead.headers().add(DEAD_LETTER_REASON, bad.reason().getBytes(StandardCharsets.UTF_8));
            dead.headers().add(DEAD_LETTER_TOPIC, bad.routed().topic().getBytes(StandardCharsets.UTF_8));
            context.forward(dead);
        }
    }
}
