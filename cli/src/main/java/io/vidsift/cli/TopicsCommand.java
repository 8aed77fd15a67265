package io.vidsift.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "List topics with partitions and end offsets, and the lag of every consumer group.")
public class TopicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        // default.api.timeout.ms must not be below request.timeout.ms, or the client refuses to start.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.servers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Map<String, TopicDescription> topics = new TreeMap<>(admin.describeTopics(admin.listTopics().names().get(15, TimeUnit.SECONDS))
                    .allTopicNames().get(15, TimeUnit.SECONDS));
            Map<TopicPartition, Long> ends = endOffsets(admin, topics);
            out.printf("%-28s %10s %12s%n", "TOPIC", "PARTITIONS", "END OFFSETS");
            topics.forEach((name, description) -> out.printf("%-28s %10d %12d%n", name, description.partitions().size(),
                    ends.entrySet().stream().filter(e -> e.getKey().topic().equals(name)).mapToLong(Map.Entry::getValue).sum()));
            out.println();
            out.printf("%-24s %-28s %12s %12s%n", "GROUP", "TOPIC", "COMMITTED", "LAG");
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                Map<String, long[]> perTopic = new TreeMap<>();
                committed.forEach((partition, offset) -> {
                    if (offset == null) {
                        return;
                    }
                    long[] sums = perTopic.computeIfAbsent(partition.topic(), t -> new long[2]);
                    sums[0] += offset.offset();
                    sums[1] += Math.max(0, ends.getOrDefault(partition, offset.offset()) - offset.offset());
                });
                perTopic.forEach((topic, sums) -> out.printf("%-24s %-28s %12d %12d%n", group.groupId(), topic, sums[0], sums[1]));
            }
            out.flush();
            return ExitCode.COMPLETED;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StackException("cannot talk to " + broker.servers() + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("cannot read topics from " + broker.servers() + ": " + e.getMessage(), e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, Map<String, TopicDescription> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = topics.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(15, TimeUnit.SECONDS);
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
