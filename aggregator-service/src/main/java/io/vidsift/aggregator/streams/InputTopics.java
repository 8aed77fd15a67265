package io.vidsift.aggregator.streams;

import io.vidsift.common.messages.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The topics the aggregator reads and writes, before its Kafka Streams instance starts: creates those that are
 * missing (where the broker lets it) and reads how many partitions the input topics have, which the topology needs
 * up front (its fold partitions: {@link AggregatorTopology}).
 */
final class InputTopics {

    private static final System.Logger LOG = System.getLogger(InputTopics.class.getName());
    private static final long TIMEOUT_S = 30;

    private InputTopics() {
    }

    /**
     * Creates what is missing, then returns the largest partition count of the three input topics (the number of
     * fold tasks). Throws, naming the topics and the cause, when the counts cannot be read: the topology cannot be
     * built without them, and an instance that guessed could run a topology its peers do not.
     */
    static int prepare(String bootstrapServers, Map<String, String> extra, int replication) {
        Map<String, Object> adminConfig = new HashMap<>(extra); // the security settings, if any
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminConfig)) {
            create(admin, replication);
            Map<String, TopicDescription> inputs = admin.describeTopics(Routed.TOPICS).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            return inputs.values().stream().mapToInt(d -> d.partitions().size()).max().orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partitions of " + Routed.TOPICS, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot read the partition counts of " + Routed.TOPICS + " from " + bootstrapServers
                    + " (the aggregator's topology is built from them): " + cause, cause);
        }
    }

    private static void create(Admin admin, int replication) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list topics (creating none): " + e);
            return;
        }
        List<NewTopic> missing = new ArrayList<>();
        Optional<Short> factor = replication > 0 ? Optional.of((short) replication) : Optional.empty();
        for (String topic : Routed.TOPICS) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.empty(), factor));
                }
            }
        }
        if (!existing.contains(AggregatorTopology.STATUS_TOPIC)) {
            missing.add(new NewTopic(AggregatorTopology.STATUS_TOPIC, Optional.of(1), factor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
        for (NewTopic topic : missing) {
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    LOG.log(System.Logger.Level.WARNING, "cannot create topic " + topic.name() + ": " + e.getCause().getMessage());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot create topic " + topic.name() + ": no answer in " + TIMEOUT_S + " s");
            }
        }
    }
}
