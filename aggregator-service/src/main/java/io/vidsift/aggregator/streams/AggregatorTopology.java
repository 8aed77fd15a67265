package io.vidsift.aggregator.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vidsift.aggregator.domain.AggregatorEvent;
import io.vidsift.aggregator.domain.CameraTotals;
import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.aggregator.domain.HourBucket;
import io.vidsift.aggregator.domain.JobSignals;
import io.vidsift.aggregator.domain.JobTotals;
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
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The aggregator's whole topology, in one place.
 * <pre>
 *  vidsift.jobs ──────┐ decode ─┬─ bad record ─▶ &lt;topic&gt;.dlq (header dead-letter-reason)
 *  vidsift.downloads ─┤         └─ event, re-keyed by job_id ─▶ repartition "events-by-job" ─▶ JobProcessor
 *  vidsift.analyses ──┘                                                                   │ (RocksDB stores)
 *                                                  JobCompleted ─▶ vidsift.jobs  ◀────────┤
 *                                    status per job ─▶ vidsift.aggregator.job-status ◀────┘ (compacted)
 *                                    vidsift.aggregator.job-status ─▶ global store "job-status" (REST, any instance)
 * </pre>
 * Re-keying happens inside the topology, through one repartition topic for all three inputs: the producers key
 * downloads by chunk and analyses by video (which spreads the downloaders' and analyzers' own work), and one
 * repartition topic puts a job's plan, downloads and analyses on one partition, in one task, with its stores,
 * whatever the input topics' partition counts are.
 */
public final class AggregatorTopology {

    public static final String STATUS_TOPIC = "vidsift.aggregator.job-status";
    public static final String STATUS_STORE = "job-status";
    static final String REPARTITION = "events-by-job";

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

    /** A decoded input record: the event, or why it could not be read (then dead-lettered), or neither (ignored). */
    record Decoded(AggregatorEvent event, String reason, String raw) {
    }

    /** A record the job processor emits: a JobCompleted for vidsift.jobs, or a status for the status topic. */
    record Output(String topic, String json) {
    }

    public static Topology build(MessageCodec codec, JobSignals signals, OutputDirs dirs, ClipSource clipFiles,
                                 Duration statusInterval) {
        StreamsBuilder builder = new StreamsBuilder();
        ObjectMapper mapper = codec.mapper();
        EventDecoder decoder = new EventDecoder(codec);
        stores(mapper).forEach(builder::addStateStore);
        KStream<String, AggregatorEvent> events = null;
        for (String topic : List.of(Topics.JOBS, Topics.DOWNLOADS, Topics.ANALYSES)) {
            String name = topic.substring(topic.indexOf('.') + 1);
            KStream<String, Decoded> decoded = builder
                    .stream(topic, Consumed.with(Serdes.String(), Serdes.String()).withName("read-" + name))
                    .mapValues(value -> decode(decoder, topic, value), Named.as("decode-" + name));
            decoded.filter((key, d) -> d.reason() != null, Named.as("bad-" + name))
                    .processValues(() -> new DeadLetters(topic), Named.as("dead-letters-" + name))
                    .to(Topics.deadLetter(topic), Produced.<String, String>with(Serdes.String(), Serdes.String()).withName("dlq-" + name));
            KStream<String, AggregatorEvent> jobEvents = decoded
                    .filter((key, d) -> d.event() != null, Named.as("events-" + name))
                    .map((key, d) -> KeyValue.pair(d.event().jobId(), d.event()), Named.as("by-job-" + name));
            events = events == null ? jobEvents : events.merge(jobEvents, Named.as("merge-" + name));
        }
        Serde<AggregatorEvent> eventSerde = new JsonSerde<>(mapper, AggregatorEvent.class);
        KStream<String, Output> outputs = events
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(REPARTITION))
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

    private static List<StoreBuilder<?>> stores(ObjectMapper mapper) {
        return List.of(
                store(PLANS, new JsonSerde<>(mapper, JobPlanned.class)),
                store(TOTALS, new JsonSerde<>(mapper, JobTotals.class)),
                store(CHUNKS, new JsonSerde<>(mapper, DownloadRecorded.class)),
                store(VIDEOS, new JsonSerde<>(mapper, VideoEntry.class)),
                store(CLIPS, new JsonSerde<>(mapper, ClipResult.class)),
                store(CAMERAS, new JsonSerde<>(mapper, CameraTotals.class)),
                store(HOURS, new JsonSerde<>(mapper, HourBucket.class)),
                store(EARLY, new JsonSerde<>(mapper, AggregatorEvent.class)));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        // Changelogged (the default): a restarted or moved task restores from it instead of replaying the inputs.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    private static Decoded decode(EventDecoder decoder, String topic, String value) {
        try {
            return new Decoded(decoder.decode(topic, value), null, null);
        } catch (BadMessageException e) {
            return new Decoded(null, e.getMessage(), value);
        }
    }

    /** The original record, with the reason it could not be read as a header. */
    private static final class DeadLetters implements FixedKeyProcessor<String, Decoded, String> {

        private final String topic;
        private FixedKeyProcessorContext<String, String> context;

        DeadLetters(String topic) {
            this.topic = topic;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Decoded> record) {
            record.headers().add("dead-letter-reason", record.value().reason().getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-topic", topic.getBytes(StandardCharsets.UTF_8));
            context.forward(record.withValue(record.value().raw()));
        }
    }
}
