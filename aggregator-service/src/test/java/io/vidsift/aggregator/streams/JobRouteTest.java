package io.vidsift.aggregator.streams;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JobRouteTest {

    /** A record is folded where it is read only if the producers' partitioner put it on the partition Kafka Streams' repartition would. */
    @Test
    void aJobsPartitionIsTheOneTheDefaultPartitionerPicksForItsKey() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            String jobId = i % 2 == 0 ? "job-" + Long.toHexString(random.nextLong()) : "jöb-" + random.nextInt() + "-\u6f22";
            int partitions = 1 + random.nextInt(64);
            assertThat(JobRoute.partition(jobId, partitions))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(jobId.getBytes(StandardCharsets.UTF_8), partitions));
        }
    }
}
