package io.vidsift.deploy;

import io.vidsift.common.messages.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege in every overlay: pods run non-root on a read-only root filesystem with no capabilities and the
 * runtime's seccomp profile; each service reaches Kafka as its own Strimzi KafkaUser (TLS client certificate) whose
 * ACLs are exactly the topics, groups and transactional ids it uses; KEDA only describes what it scales on.
 */
class SecurityManifestsTest {

    static final String CLUSTER_CA = "vidsift-kafka-cluster-ca-cert";
    static final Map<String, String> USERS = Map.of(
            "planner-service", "vidsift-planner",
            "downloader-service", "vidsift-downloader",
            "analyzer-service", "vidsift-analyzer",
            "aggregator-service", "vidsift-aggregator");

    /**
     * What each user may do, as {@code type:name[:prefix] Operation}. The two SmallRye services are also checked
     * against their channel settings below; the planner's journal and the aggregator's Kafka Streams client are
     * built by hand (Topics.PLANS; application.id vidsift-aggregator, its internal topics and transactional ids).
     */
    static final Map<String, Set<String>> ACLS = Map.of(
            "vidsift-planner", Set.of("topic:vidsift.jobs Write", "topic:vidsift.jobs Describe", "topic:vidsift.chunks Write",
                    "topic:vidsift.chunks Describe", "topic:vidsift.videos Write", "topic:vidsift.videos Describe",
                    "topic:vidsift.plans Create", "topic:vidsift.plans Read", "topic:vidsift.plans Write", "topic:vidsift.plans Describe",
                    "topic:vidsift.plans DescribeConfigs"),
            "vidsift-aggregator", Set.of("topic:vidsift.jobs Read", "topic:vidsift.jobs Write", "topic:vidsift.jobs Describe",
                    "topic:vidsift.downloads Read", "topic:vidsift.downloads Describe", "topic:vidsift.analyses Read",
                    "topic:vidsift.analyses Describe", "group:vidsift-aggregator Read",
                    "topic:vidsift.jobs.dlq Write", "topic:vidsift.jobs.dlq Describe", "topic:vidsift.downloads.dlq Write",
                    "topic:vidsift.downloads.dlq Describe", "topic:vidsift.analyses.dlq Write", "topic:vidsift.analyses.dlq Describe",
                    "topic:vidsift.aggregator.job-status Create", "topic:vidsift.aggregator.job-status Read",
                    "topic:vidsift.aggregator.job-status Write", "topic:vidsift.aggregator.job-status Describe",
                    "topic:vidsift.aggregator.job-status DescribeConfigs",
                    "topic:vidsift-aggregator-:prefix Create", "topic:vidsift-aggregator-:prefix Read", "topic:vidsift-aggregator-:prefix Write",
                    "topic:vidsift-aggregator-:prefix Describe", "topic:vidsift-aggregator-:prefix Delete",
                    "topic:vidsift-aggregator-:prefix DescribeConfigs", "topic:vidsift-aggregator-:prefix AlterConfigs",
                    "transactionalId:vidsift-aggregator:prefix Write", "transactionalId:vidsift-aggregator:prefix Describe"));

    static final String API_KEY_SECRET = "vidsift-api-key";
    static final List<String> APIS = List.of("planner-service", "aggregator-service");

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    /** The Kafka Secrets a Deployment may reference: the cluster CA and its own user's certificate. */
    static List<String> kafkaSecrets(Map<String, Object> deployment) {
        String user = USERS.get(Rendered.name(deployment));
        return user == null ? List.of(CLUSTER_CA) : List.of(CLUSTER_CA, user);
    }

    /** The API key Secret for the two services with an HTTP API, nothing for the others. */
    static List<String> apiKeySecrets(Map<String, Object> deployment) {
        return APIS.contains(Rendered.name(deployment)) ? List.of(API_KEY_SECRET) : List.of();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void thePlannerAndAggregatorTakeTheirApiKeyFromASecretNobodyElseSees(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertThat(r.find("Secret", API_KEY_SECRET)).as("the key is created by the operator, never shipped").isEmpty();
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            String name = Rendered.name(deployment);
            List<Object> keyEntries = Yaml.listAt(Rendered.containers(deployment).get(0), "env").stream()
                    .filter(e -> "VIDSIFT_API_KEY".equals(Yaml.text(e, "name"))).toList();
            if (APIS.contains(name)) {
                assertThat(keyEntries).as(overlay + " " + name).singleElement().satisfies(e -> {
                    assertThat(Yaml.text(e, "valueFrom.secretKeyRef.name")).isEqualTo(API_KEY_SECRET);
                    assertThat(Yaml.text(e, "valueFrom.secretKeyRef.key")).isEqualTo("VIDSIFT_API_KEY");
                    assertThat(Yaml.at(e, "valueFrom.secretKeyRef.optional")).as("required: no API without a key").isNotEqualTo(true);
                    assertThat(Yaml.at(e, "value")).isNull();
                });
                assertThat(ServiceConfig.of(name).keyFor("VIDSIFT_API_KEY")).as(name + " reads it").isEqualTo("vidsift.api-key");
            } else {
                assertThat(keyEntries).as(overlay + " " + name).isEmpty();
                assertThat(Rendered.secretReferences(deployment)).doesNotContain(API_KEY_SECRET);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodRunsNonRootReadOnlyWithoutCapabilitiesUnderRuntimeDefaultSeccomp(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertThat(r.ofKind("Deployment")).hasSize(4);
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            String name = overlay + " " + Rendered.name(deployment);
            Map<String, Object> pod = Yaml.mapAt(deployment, "spec.template.spec");
            assertThat(Yaml.at(pod, "securityContext.runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(((Number) Yaml.at(pod, "securityContext.runAsUser")).intValue()).as(name).isPositive();
            assertThat(Yaml.text(pod, "securityContext.seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
            assertThat(Yaml.at(pod, "automountServiceAccountToken")).as(name + ": no pod calls the Kubernetes API").isEqualTo(false);
            assertThat(Yaml.at(pod, "hostNetwork")).as(name).isNotEqualTo(true);
            Map<String, String> emptyDirs = new java.util.HashMap<>();
            for (Object volume : Yaml.listAt(pod, "volumes")) {
                if (Yaml.at(volume, "emptyDir") != null) {
                    emptyDirs.put(Yaml.text(volume, "name"), "emptyDir");
                }
                assertThat(Yaml.at(volume, "hostPath")).as(name + " mounts no host path").isNull();
            }
            for (Map<String, Object> container : Rendered.containers(deployment)) {
                Map<String, Object> security = Yaml.mapAt(container, "securityContext");
                assertThat(security).as(name).containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false)
                        .doesNotContainEntry("privileged", true);
                assertThat(Yaml.listAt(security, "capabilities.drop")).as(name).containsExactly("ALL");
                assertThat(Yaml.at(security, "capabilities.add")).as(name + " adds no capability").isNull();
                // A read-only root needs somewhere to unpack native libraries and keep JVM temp files.
                assertThat(Yaml.listAt(container, "volumeMounts")).as(name + ": /tmp is a writable emptyDir")
                        .anySatisfy(m -> {
                            assertThat(Yaml.text(m, "mountPath")).isEqualTo("/tmp");
                            assertThat(emptyDirs).containsKey(Yaml.text(m, "name"));
                        });
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceConnectsAsItsOwnKafkaUserOverTls(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, String> config = new java.util.HashMap<>();
        Yaml.mapAt(r.get("ConfigMap", "vidsift-config"), "data").forEach((k, v) -> config.put(k, String.valueOf(v)));
        assertThat(config).containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL").containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                .containsEntry("KAFKA_SSL_KEYSTORE_TYPE", "PEM");
        assertThat(config.get("KAFKA_BOOTSTRAP_SERVERS")).endsWith(":9093");
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            String user = USERS.get(Rendered.name(deployment));
            Map<String, Object> container = Rendered.containers(deployment).get(0);
            Map<String, String> refs = new java.util.HashMap<>();
            for (Object entry : Yaml.listAt(container, "env")) {
                if (Yaml.at(entry, "valueFrom.secretKeyRef") != null) {
                    refs.put(Yaml.text(entry, "name"), Yaml.text(entry, "valueFrom.secretKeyRef.name") + "/"
                            + Yaml.text(entry, "valueFrom.secretKeyRef.key"));
                }
            }
            assertThat(refs).as(overlay + " " + Rendered.name(deployment))
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_CERTIFICATES", CLUSTER_CA + "/ca.crt")
                    .containsEntry("KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN", user + "/user.crt")
                    .containsEntry("KAFKA_SSL_KEYSTORE_KEY", user + "/user.key");
            // Each of these is the client setting it is meant to be.
            assertThat(KafkaClientSettings.settingOf("KAFKA_SSL_KEYSTORE_KEY")).isEqualTo("ssl.keystore.key");
            assertThat(KafkaClientSettings.settingOf("KAFKA_SSL_KEYSTORE_CERTIFICATE_CHAIN")).isEqualTo("ssl.keystore.certificate.chain");
            assertThat(KafkaClientSettings.settingOf("KAFKA_SSL_TRUSTSTORE_CERTIFICATES")).isEqualTo("ssl.truststore.certificates");
            assertThat(KafkaClientSettings.settingOf("KAFKA_SECURITY_PROTOCOL")).isEqualTo("security.protocol");
        }
        List<String> users = r.ofKind("KafkaUser").stream().map(Rendered::name).toList();
        assertThat(users).containsAll(USERS.values()).doesNotHaveDuplicates();
        for (Map<String, Object> user : r.ofKind("KafkaUser")) {
            assertThat(Yaml.text(user, "spec.authentication.type")).as(Rendered.name(user)).isEqualTo("tls");
            assertThat(Yaml.text(user, "spec.authorization.type")).as(Rendered.name(user)).isEqualTo("simple");
            assertThat(Yaml.text(user, "metadata.labels.strimzi\\.io/cluster")).isNull(); // dotted label: checked below
            assertThat(Yaml.mapAt(user, "metadata.labels")).containsEntry("strimzi.io/cluster", "vidsift-kafka");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aclsAreExactlyWhatEachServiceUses(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, Set<String>> expected = new java.util.HashMap<>(ACLS);
        expected.put("vidsift-downloader", fromChannels("downloader-service"));
        expected.put("vidsift-analyzer", fromChannels("analyzer-service"));
        // The hand-built clients: each topic on their list is one their code names, and the other way round.
        assertThat(topicsNamedIn("planner-service")).containsExactlyInAnyOrderElementsOf(topicsOf(expected.get("vidsift-planner")));
        assertThat(topicsNamedIn("aggregator-service")).isSubsetOf(topicsOf(expected.get("vidsift-aggregator")));
        for (String user : USERS.values()) {
            assertThat(acls(r.get("KafkaUser", user))).as(overlay + " " + user).isEqualTo(new TreeSet<>(expected.get(user)));
        }
        // Every pipeline topic and dead-letter topic is someone's, and nobody may touch the cluster itself.
        Set<String> all = new TreeSet<>();
        USERS.values().forEach(u -> all.addAll(acls(r.get("KafkaUser", u))));
        for (String topic : Topics.ALL) {
            assertThat(all).contains("topic:" + topic + " Write", "topic:" + topic + " Read", "topic:" + Topics.deadLetter(topic) + " Write");
        }
        assertThat(all).noneMatch(a -> a.startsWith("cluster:") || a.endsWith(" All") || a.contains(":*"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kedaOnlyDescribesTheGroupsAndTopicsItScalesOn(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        if (r.ofKind("ScaledObject").isEmpty()) {
            assertThat(r.find("KafkaUser", "vidsift-keda")).isEmpty();
            return;
        }
        Set<String> expected = new TreeSet<>();
        String bootstrap = Yaml.text(r.get("ConfigMap", "vidsift-config"), "data.KAFKA_BOOTSTRAP_SERVERS");
        for (Map<String, Object> scaled : r.ofKind("ScaledObject")) {
            for (Object trigger : Yaml.listAt(scaled, "spec.triggers")) {
                expected.add("topic:" + Yaml.text(trigger, "metadata.topic") + " Describe");
                expected.add("group:" + Yaml.text(trigger, "metadata.consumerGroup") + " Describe");
                assertThat(Yaml.text(trigger, "metadata.tls")).isEqualTo("enable");
                assertThat(Yaml.text(trigger, "metadata.bootstrapServers")).isEqualTo(bootstrap);
                assertThat(Yaml.text(trigger, "authenticationRef.name")).isEqualTo("vidsift-keda-kafka");
            }
        }
        assertThat(acls(r.get("KafkaUser", "vidsift-keda"))).isEqualTo(expected);
        List<String> refs = Yaml.listAt(r.get("TriggerAuthentication", "vidsift-keda-kafka"), "spec.secretTargetRef").stream()
                .map(ref -> Yaml.text(ref, "parameter") + "=" + Yaml.text(ref, "name") + "/" + Yaml.text(ref, "key")).toList();
        assertThat(refs).containsExactlyInAnyOrder("ca=" + CLUSTER_CA + "/ca.crt", "cert=vidsift-keda/user.crt", "key=vidsift-keda/user.key");
    }

    @Test
    void theBundledClusterHasOnlyAnAuthenticatedTlsListenerAndSimpleAuthorization() {
        Rendered r = Kustomize.overlay("dev");
        Map<String, Object> kafka = r.get("Kafka", "vidsift-kafka");
        List<Object> listeners = Yaml.listAt(kafka, "spec.kafka.listeners");
        assertThat(listeners).singleElement().satisfies(l -> {
            assertThat(Yaml.at(l, "tls")).isEqualTo(true);
            assertThat(Yaml.text(l, "authentication.type")).isEqualTo("tls");
            assertThat(((Number) Yaml.at(l, "port")).intValue()).isEqualTo(9093);
        });
        assertThat(Yaml.text(kafka, "spec.kafka.authorization.type")).isEqualTo("simple");
        assertThat(Yaml.at(kafka, "spec.entityOperator.userOperator")).as("KafkaUsers need the user operator").isNotNull();
        // The client library is 4.2.1; Strimzi 1.2 runs 4.2.x and 4.3.x.
        assertThat(Yaml.text(kafka, "spec.kafka.version")).startsWith("4.2.");
    }

    /** A KafkaUser's ACLs as {@code type:name[:prefix] Operation}. */
    static Set<String> acls(Map<String, Object> user) {
        Set<String> out = new TreeSet<>();
        for (Object rule : Yaml.listAt(user, "spec.authorization.acls")) {
            assertThat(Yaml.text(rule, "type")).as("allow rules only").isIn(null, "allow");
            String resource = Yaml.text(rule, "resource.type") + ":" + Yaml.text(rule, "resource.name")
                    + ("prefix".equals(Yaml.text(rule, "resource.patternType")) ? ":prefix" : "");
            for (Object operation : Yaml.listAt(rule, "operations")) {
                out.add(resource + " " + operation);
            }
        }
        return out;
    }

    /** The topics of ACL entries, literal ones only. */
    static Set<String> topicsOf(Set<String> acls) {
        return acls.stream().filter(a -> a.startsWith("topic:") && !a.contains(":prefix"))
                .map(a -> a.substring("topic:".length(), a.indexOf(' '))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The topics a module's main code names: Topics constants (with their dead-letter topics) and topic literals. */
    static Set<String> topicsNamedIn(String module) {
        Map<String, String> constants = Map.of("JOBS", Topics.JOBS, "CHUNKS", Topics.CHUNKS, "DOWNLOADS", Topics.DOWNLOADS,
                "VIDEOS", Topics.VIDEOS, "ANALYSES", Topics.ANALYSES, "PLANS", "vidsift.plans");
        Set<String> named = new TreeSet<>();
        java.util.regex.Pattern deadLetter = java.util.regex.Pattern.compile("Topics\\.deadLetter\\(Topics\\.([A-Z]+)\\)");
        java.util.regex.Pattern constant = java.util.regex.Pattern.compile("Topics\\.([A-Z]+)\\b(?!\\))");
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile("\"(vidsift\\.[a-z.-]+)\"");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(Repo.path(module).resolve("src/main/java"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Repo.read(file);
                java.util.regex.Matcher m = deadLetter.matcher(source);
                while (m.find()) {
                    named.add(Topics.deadLetter(constants.get(m.group(1))));
                }
                m = constant.matcher(source);
                while (m.find()) {
                    if (constants.containsKey(m.group(1))) {
                        named.add(constants.get(m.group(1)));
                    }
                }
                m = literal.matcher(source);
                while (m.find()) {
                    if (topicLike(m.group(1))) {
                        named.add(m.group(1));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return named;
    }

    /** A literal that names a topic rather than a config key: vidsift.<topic> or vidsift.aggregator.job-status. */
    private static boolean topicLike(String literal) {
        return literal.equals("vidsift.aggregator.job-status") || literal.matches("vidsift\\.(jobs|chunks|downloads|videos|analyses|plans)(\\.dlq)?");
    }

    /** What a SmallRye service's channels use: incoming topics and groups, outgoing and dead-letter topics. */
    static Set<String> fromChannels(String module) {
        ServiceConfig config = ServiceConfig.of(module);
        Set<String> out = new TreeSet<>();
        for (String topic : config.values(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic"))) {
            out.addAll(List.of("topic:" + topic + " Read", "topic:" + topic + " Describe"));
        }
        for (String group : config.values(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id"))) {
            out.add("group:" + group + " Read");
        }
        List<String> written = new ArrayList<>(config.values(k -> k.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic")));
        written.addAll(config.values(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic")));
        for (String topic : written) {
            out.addAll(List.of("topic:" + topic + " Write", "topic:" + topic + " Describe"));
        }
        assertThat(out).as(module + " channels").isNotEmpty();
        return out.stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
