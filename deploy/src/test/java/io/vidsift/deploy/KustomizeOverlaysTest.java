package io.vidsift.deploy;

import io.vidsift.common.messages.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay under k8s/overlays, rendered by kubectl kustomize, against what the services read. */
class KustomizeOverlaysTest {

    static final String TOKEN_SECRET = "vidsift-hik-cloud";
    static final String GPU = "nvidia.com/gpu";

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @Test
    void theOverlaysTheIssueAsksForExist() {
        assertThat(overlays()).contains("dev", "gpu");
        assertThat(overlays()).as("an overlay for clusters without KEDA (plain HPAs)")
                .anySatisfy(o -> assertThat(Kustomize.overlay(o).ofKind("HorizontalPodAutoscaler")).isNotEmpty());
        assertThat(overlays()).as("an overlay scaling on consumer lag with KEDA")
                .anySatisfy(o -> assertThat(Kustomize.overlay(o).ofKind("ScaledObject")).isNotEmpty());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void fourDeploymentsOneServiceEachInTheVidsiftNamespace(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertThat(r.ofKind("Deployment")).extracting(Rendered::name).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        assertThat(r.ofKind("Service")).extracting(Rendered::name).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        assertThat(r.ofKind("Namespace")).extracting(Rendered::name).containsExactly("vidsift");
        for (Map<String, Object> o : r.objects()) {
            if (!"Namespace".equals(o.get("kind"))) {
                assertThat(Yaml.text(o, "metadata.namespace")).as(o.get("kind") + " " + Rendered.name(o)).isEqualTo("vidsift");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theTokenSecretIsReferencedOnlyByTheDownloaderAndNeverShipped(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertThat(r.ofKind("Secret")).as("a Secret object would put credentials in the manifests").isEmpty();
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            List<String> secrets = Rendered.secretReferences(deployment);
            // Besides its Kafka client certificate, the cluster CA and the API key of the two HTTP APIs
            // (SecurityManifestsTest), only the downloader sees a secret: the Hik Cloud token.
            List<String> others = secrets.stream().filter(s -> !SecurityManifestsTest.kafkaSecrets(deployment).contains(s))
                    .filter(s -> !SecurityManifestsTest.apiKeySecrets(deployment).contains(s)).toList();
            if ("downloader-service".equals(Rendered.name(deployment))) {
                assertThat(others).containsExactly(TOKEN_SECRET);
            } else {
                assertThat(others).as(Rendered.name(deployment) + " must not see any other secret").isEmpty();
            }
            for (Map<String, Object> container : Rendered.containers(deployment)) {
                r.environment(container).forEach((name, value) -> {
                    if (Credentials.sensitive(name)) {
                        assertThat(value).as(name + " in " + Rendered.name(deployment) + " must come from a Secret").startsWith("<from");
                    }
                });
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theSecretKeysTheReadmeCreatesAreTheVariablesTheDownloaderIsPointedAt(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, String> env = r.environment(Rendered.containers(r.get("Deployment", "downloader-service")).get(0));
        Set<String> named = Credentials.namedBy(env);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--from-literal=([A-Za-z_][A-Za-z0-9_]*)=")
                .matcher(Repo.read(Repo.path("k8s/README.md")));
        Set<String> documented = new LinkedHashSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).as("Secret keys in k8s/README.md").isNotEmpty();
        assertThat(named).as("what the downloader reads its credentials from").containsExactlyInAnyOrderElementsOf(documented);
        ServiceConfig downloader = ServiceConfig.of("downloader-service");
        for (String key : Credentials.NAMING_KEYS) {
            assertThat(downloader.reads(ServiceConfig.envName(key))).as("the downloader reads " + key).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theDownloaderSendsItsTokenOnlyToTheRealApi(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        Map<String, String> env = r.environment(Rendered.containers(r.get("Deployment", "downloader-service")).get(0));
        String variable = ServiceConfig.envName("vidsift.hik-cloud.allowed-api-hosts");
        assertThat(ServiceConfig.of("downloader-service").reads(variable)).isTrue();
        assertThat(env).as("set explicitly, so operators see where the token may go")
                .containsEntry(variable, java.net.URI.create(io.vidsift.common.config.HikCloudConfig.DEFAULT_API_BASE_URL).getHost());
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            if (!"downloader-service".equals(Rendered.name(deployment))) {
                assertThat(r.environment(Rendered.containers(deployment).get(0))).as(Rendered.name(deployment)).doesNotContainKey(variable);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasHealthProbesOnTheServicePortAndResourceRequests(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            String name = Rendered.name(deployment);
            int port = ServiceConfig.of(name).httpPort();
            for (Map<String, Object> container : Rendered.containers(deployment)) {
                String what = name + "/" + Yaml.text(container, "name");
                assertThat(Yaml.listAt(container, "ports")).as(what + " ports")
                        .containsExactly(Map.of("name", "http", "containerPort", port));
                assertThat(Yaml.text(container, "livenessProbe.httpGet.path")).as(what + " liveness").isEqualTo("/q/health/live");
                assertThat(Yaml.text(container, "livenessProbe.httpGet.port")).as(what + " liveness port").isIn("http", Integer.toString(port));
                assertThat(Yaml.text(container, "readinessProbe.httpGet.path")).as(what + " readiness").isEqualTo("/q/health/ready");
                assertThat(Yaml.text(container, "readinessProbe.httpGet.port")).as(what + " readiness port").isIn("http", Integer.toString(port));
                assertThat(Yaml.text(container, "resources.requests.cpu")).as(what + " cpu request").isNotBlank();
                assertThat(Yaml.text(container, "resources.requests.memory")).as(what + " memory request").isNotBlank();
            }
            Map<String, Object> service = r.get("Service", name);
            assertThat(Yaml.listAt(service, "spec.ports")).as(name + " Service ports")
                    .containsExactly(Map.of("name", "http", "port", port, "targetPort", "http"));
            assertThat(Yaml.mapAt(service, "spec.selector")).isEqualTo(Yaml.mapAt(deployment, "spec.selector.matchLabels"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsCarryPrometheusScrapeAnnotationsForQMetrics(String overlay) {
        for (Map<String, Object> deployment : Kustomize.overlay(overlay).ofKind("Deployment")) {
            String name = Rendered.name(deployment);
            assertThat(Yaml.mapAt(deployment, "spec.template.metadata.annotations")).as(name).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", Integer.toString(ServiceConfig.of(name).httpPort()));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableAContainerGetsIsOneItsServiceReads(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        String bootstrap = Yaml.text(r.get("ConfigMap", "vidsift-config"), "data.KAFKA_BOOTSTRAP_SERVERS");
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            String name = Rendered.name(deployment);
            ServiceConfig config = ServiceConfig.of(name);
            Map<String, Object> container = Rendered.containers(deployment).get(0);
            Map<String, String> env = r.environment(container);
            assertThat(env).as(name).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap).containsKey("VIDSIFT_STORAGE_ROOT");
            assertThat(config.keyFor("KAFKA_BOOTSTRAP_SERVERS")).as(name + " reads KAFKA_BOOTSTRAP_SERVERS").isEqualTo("kafka.bootstrap.servers");
            assertThat(config.keyFor("VIDSIFT_STORAGE_ROOT")).as(name + " reads VIDSIFT_STORAGE_ROOT").isEqualTo("vidsift.storage.root");
            for (String variable : env.keySet()) {
                assertThat(config.reads(variable)).as(name + " is given " + variable + " but reads no such setting").isTrue();
            }
            if (env.containsKey("QUARKUS_HTTP_PORT")) {
                assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(config.httpPort()));
            }
            // The storage root is where the shared claim is mounted.
            Map<String, String> mounts = new LinkedHashMap<>();
            for (Object mount : Yaml.listAt(container, "volumeMounts")) {
                mounts.put(Yaml.text(mount, "name"), Yaml.text(mount, "mountPath"));
            }
            String claimVolume = Yaml.listAt(deployment, "spec.template.spec.volumes").stream()
                    .filter(v -> "vidsift-storage".equals(Yaml.text(v, "persistentVolumeClaim.claimName")))
                    .map(v -> Yaml.text(v, "name")).findFirst().orElseThrow(() -> new AssertionError(name + " does not mount vidsift-storage"));
            assertThat(mounts.get(claimVolume)).as(name + " storage mount").isEqualTo(env.get("VIDSIFT_STORAGE_ROOT"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void storageIsOneSharedClaim(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        assertThat(r.ofKind("PersistentVolumeClaim")).extracting(Rendered::name).containsExactly("vidsift-storage");
        if (!"dev".equals(overlay)) {
            assertThat(Yaml.listAt(r.get("PersistentVolumeClaim", "vidsift-storage"), "spec.accessModes")).containsExactly("ReadWriteMany");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void gpusOnlyOnTheAnalyzerAndOnlyInTheGpuOverlay(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            String name = Rendered.name(deployment);
            for (Map<String, Object> container : Rendered.containers(deployment)) {
                boolean gpu = Yaml.mapAt(container, "resources.limits").containsKey(GPU)
                        || Yaml.mapAt(container, "resources.requests").containsKey(GPU);
                boolean expected = "gpu".equals(overlay) && "analyzer-service".equals(name);
                assertThat(gpu).as(name + " in " + overlay + " asks for " + GPU).isEqualTo(expected);
            }
        }
        Map<String, Object> analyzer = r.get("Deployment", "analyzer-service");
        Map<String, Object> container = Rendered.containers(analyzer).get(0);
        String device = r.environment(container).get("VIDSIFT_ANALYZER_DEVICE");
        assertThat(ServiceConfig.of("analyzer-service").reads("VIDSIFT_ANALYZER_DEVICE")).isTrue();
        if ("gpu".equals(overlay)) {
            assertThat(Yaml.mapAt(container, "resources.limits").get(GPU)).isEqualTo(1);
            assertThat(Yaml.mapAt(analyzer, "spec.template.spec.nodeSelector")).isNotEmpty();
            assertThat(Yaml.listAt(analyzer, "spec.template.spec.tolerations"))
                    .anySatisfy(t -> assertThat(Yaml.text(t, "key")).isEqualTo(GPU));
            assertThat(device).isEqualTo("cuda");
            assertThat(Yaml.text(container, "image")).contains("analyzer-service-gpu");
        } else {
            assertThat(device).isEqualTo("cpu");
            assertThat(Yaml.text(container, "image")).doesNotContain("gpu");
            assertThat(Yaml.at(analyzer, "spec.template.spec.tolerations")).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaTopicsAreTheServicesTopicsWithTheirDeadLetterTopics(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<Map<String, Object>> topics = r.ofKind("KafkaTopic");
        if (topics.isEmpty()) {
            return;
        }
        Set<String> expected = new LinkedHashSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> expected.add(Topics.deadLetter(t)));
        assertThat(topics).extracting(t -> Yaml.text(t, "spec.topicName")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(topics).allSatisfy(t -> assertThat(Yaml.text(t, "spec.topicName")).isEqualTo(Rendered.name(t)));
        Set<String> named = new LinkedHashSet<>();
        for (String module : Repo.SERVICES) {
            named.addAll(ServiceConfig.of(module).topics());
        }
        assertThat(expected).as("every topic a service names exists").containsAll(named);
        Set<Object> clusters = new LinkedHashSet<>();
        topics.forEach(t -> clusters.add(Yaml.mapAt(t, "metadata.labels").get("strimzi.io/cluster")));
        assertThat(clusters).hasSize(1).doesNotContainNull();
        r.find("Kafka", String.valueOf(clusters.iterator().next())).ifPresent(kafka -> {
            int brokers = r.ofKind("KafkaNodePool").stream().mapToInt(p -> (Integer) Yaml.at(p, "spec.replicas")).sum();
            assertThat(topics).allSatisfy(t -> assertThat((Integer) Yaml.at(t, "spec.replicas")).isLessThanOrEqualTo(brokers));
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void autoscalersScaleOnlyDownloaderAndAnalyzerOnTheirRealGroupsAndTopics(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        String bootstrap = Yaml.text(r.get("ConfigMap", "vidsift-config"), "data.KAFKA_BOOTSTRAP_SERVERS");
        Map<String, Integer> partitions = partitions();
        List<String> scaled = new ArrayList<>();
        for (Map<String, Object> so : r.ofKind("ScaledObject")) {
            String target = Yaml.text(so, "spec.scaleTargetRef.name");
            scaled.add(target);
            ServiceConfig config = ServiceConfig.of(target);
            List<Object> triggers = Yaml.listAt(so, "spec.triggers");
            assertThat(triggers).as(target + " triggers").isNotEmpty();
            for (Object trigger : triggers) {
                assertThat(Yaml.text(trigger, "type")).isEqualTo("kafka");
                String group = Yaml.text(trigger, "metadata.consumerGroup");
                String topic = Yaml.text(trigger, "metadata.topic");
                assertThat(config.incoming().values()).as(target + " consumes " + topic + " in group " + group)
                        .anySatisfy(c -> {
                            assertThat(c.topic()).isEqualTo(topic);
                            assertThat(c.groupId()).isEqualTo(group);
                        });
                assertThat(Yaml.text(trigger, "metadata.bootstrapServers")).isEqualTo(bootstrap);
                assertThat(Yaml.text(trigger, "metadata.lagThreshold")).isNotBlank();
                assertThat((Integer) Yaml.at(so, "spec.maxReplicaCount")).as(target + " max replicas vs partitions of " + topic)
                        .isLessThanOrEqualTo(partitions.get(topic));
            }
        }
        for (Map<String, Object> hpa : r.ofKind("HorizontalPodAutoscaler")) {
            String target = Yaml.text(hpa, "spec.scaleTargetRef.name");
            scaled.add(target);
            String topic = ServiceConfig.of(target).incoming().values().iterator().next().topic();
            assertThat((Integer) Yaml.at(hpa, "spec.maxReplicas")).isLessThanOrEqualTo(partitions.get(topic));
        }
        if (!scaled.isEmpty()) {
            assertThat(scaled).containsExactlyInAnyOrder("downloader-service", "analyzer-service");
        }
        // Kafka Streams spreads jobs over the aggregator pods and moves a stopped pod's tasks to another: pods are
        // replaced one at a time, and voluntary disruptions take at most one.
        Map<String, Object> aggregator = r.get("Deployment", "aggregator-service");
        assertThat(Yaml.text(aggregator, "spec.strategy.type")).isEqualTo("RollingUpdate");
        assertThat(r.ofKind("PodDisruptionBudget")).extracting(Rendered::name).containsExactly("aggregator-service");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void outsideDevOnlyTheNamespaceAndLabelledClientsReachTheServices(String overlay) {
        Rendered r = Kustomize.overlay(overlay);
        List<Map<String, Object>> policies = r.ofKind("NetworkPolicy");
        if ("dev".equals(overlay)) {
            return;
        }
        assertThat(policies).as(overlay + ": whoever reaches the planner picks where the downloader sends its token").isNotEmpty();
        for (Map<String, Object> deployment : r.ofKind("Deployment")) {
            Map<String, Object> labels = Yaml.mapAt(deployment, "spec.template.metadata.labels");
            List<Map<String, Object>> covering = policies.stream().filter(p -> selects(Yaml.mapAt(p, "spec.podSelector"), labels)).toList();
            assertThat(covering).as(Rendered.name(deployment) + " is covered by a NetworkPolicy").isNotEmpty();
            for (Map<String, Object> policy : covering) {
                assertThat(Yaml.listAt(policy, "spec.policyTypes")).contains("Ingress");
                for (Object rule : Yaml.listAt(policy, "spec.ingress")) {
                    assertThat(Yaml.listAt(rule, "from")).as("no rule admits everyone").isNotEmpty();
                    assertThat(Yaml.listAt(rule, "from")).allSatisfy(peer -> assertThat(Yaml.at(peer, "ipBlock")).isNull());
                    assertThat(Yaml.listAt(rule, "ports")).extracting(port -> Yaml.text(port, "port")).containsOnly("http");
                }
            }
        }
    }

    /** A label selector (matchLabels, matchExpressions with In) applied to a pod's labels. */
    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        for (Map.Entry<String, Object> entry : Yaml.mapAt(selector, "matchLabels").entrySet()) {
            if (!String.valueOf(entry.getValue()).equals(String.valueOf(labels.get(entry.getKey())))) {
                return false;
            }
        }
        for (Object expression : Yaml.listAt(selector, "matchExpressions")) {
            assertThat(Yaml.text(expression, "operator")).as("selector operators these tests evaluate").isEqualTo("In");
            if (!Yaml.listAt(expression, "values").contains(labels.get(Yaml.text(expression, "key")))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void devRunsOneReplicaOfEverythingOnASingleNodeKraftKafka() {
        Rendered r = Kustomize.overlay("dev");
        assertThat(r.ofKind("Deployment")).allSatisfy(d -> assertThat(Yaml.at(d, "spec.replicas")).isEqualTo(1));
        assertThat(r.ofKind("ScaledObject")).isEmpty();
        Map<String, Object> kafka = r.get("Kafka", "vidsift-kafka");
        // KRaft with node pools is the only mode of Strimzi 1.x: no annotations to ask for it.
        assertThat(Yaml.listAt(kafka, "spec.kafka.listeners")).singleElement()
                .satisfies(l -> assertThat(Yaml.text(l, "authentication.type")).isEqualTo("tls"));
        assertThat(r.ofKind("KafkaNodePool")).singleElement().satisfies(pool -> {
            assertThat(Yaml.listAt(pool, "spec.roles")).containsExactlyInAnyOrder("controller", "broker");
            assertThat(Yaml.at(pool, "spec.replicas")).isEqualTo(1);
        });
        assertThat(r.ofKind("KafkaTopic")).allSatisfy(t -> assertThat(Yaml.at(t, "spec.replicas")).isEqualTo(1));
        assertThat(Yaml.text(r.get("ConfigMap", "vidsift-config"), "data.KAFKA_BOOTSTRAP_SERVERS"))
                .startsWith("vidsift-kafka-kafka-bootstrap.");
    }

    @Test
    void theAnalyzersLongProcessingSettingsAreOnesItReads() {
        Rendered r = Kustomize.overlay("gpu");
        Map<String, String> env = r.environment(Rendered.containers(r.get("Deployment", "analyzer-service")).get(0));
        ServiceConfig analyzer = ServiceConfig.of("analyzer-service");
        String pollInterval = "MP_MESSAGING_INCOMING_VIDEOS_MAX_POLL_INTERVAL_MS";
        assertThat(analyzer.keyFor(pollInterval)).isEqualTo("mp.messaging.incoming.videos.max.poll.interval.ms");
        assertThat(Long.parseLong(env.get(pollInterval))).as("max.poll.interval.ms").isGreaterThanOrEqualTo(600_000L);
        assertThat(env.get("MP_MESSAGING_INCOMING_VIDEOS_MAX_POLL_RECORDS")).isEqualTo("1");
    }

    /** Partitions per topic as components/strimzi-topics declares them. */
    static Map<String, Integer> partitions() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (Map<String, Object> topic : Yaml.loadAll(Repo.read(Repo.path("k8s/components/strimzi-topics/topics.yaml")))) {
            partitions.put(Yaml.text(topic, "spec.topicName"), (Integer) Yaml.at(topic, "spec.partitions"));
        }
        return partitions;
    }
}
