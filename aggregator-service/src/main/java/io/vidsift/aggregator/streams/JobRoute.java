package io.vidsift.aggregator.streams;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * Re-keys an input record by its {@code job_id} (null when it has none) and tells whether it already lies on its
 * job's fold partition. The producers key their events by job id, so with the default partitioner a job's events are
 * on partition {@code murmur2(job_id) % n} of each topic; where {@code n} is the fold's partition count (the largest
 * input topic's) that is the fold task's own partition and the record is folded where it is. Any other record (an
 * older producer's, keyed by chunk or video; a topic with fewer partitions) goes through the repartition topic, whose
 * partitioner puts it on that same partition.
 */
final class JobRoute implements Processor<String, byte[], String, Routed> {

    private final EventDecoder decoder;
    private final String topic;
    private final int partitions;
    private ProcessorContext<String, Routed> context;

    JobRoute(EventDecoder decoder, String topic, int partitions) {
        this.decoder = decoder;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** The partition of {@code partitions} that a record keyed by {@code jobId} goes to: the producer's and Kafka Streams' default partitioner. */
    static int partition(String jobId, int partitions) {
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String jobId = decoder.jobId(record.value());
        boolean home = jobId != null && context.recordMetadata()
                .map(source -> source.partition() == partition(jobId, partitions)).orElse(false);
        context.forward(record.withKey(jobId).withValue(new Routed(topic, record.key(), record.value(), home)));
    }
}
