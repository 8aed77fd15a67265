package io.vidsift.deploy;

import io.vidsift.common.messages.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml, parsed (merge keys resolved), against the services' own configuration. */
class ComposeTest {

    private static final String ALLOWED_API_HOSTS = "vidsift.hik-cloud.allowed-api-hosts";
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    private final Map<String, Object> compose = Yaml.map(Yaml.load(Repo.read(Repo.path("docker-compose.yml"))), "docker-compose.yml");
    private final Map<String, Object> services = Yaml.mapAt(compose, "services");

    private Map<String, Object> service(String name) {
        return Yaml.map(services.get(name), "service " + name);
    }

    private Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        Object node = service(name).get("environment");
        if (node instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
        } else if (node != null) {
            Yaml.map(node, name + ".environment").forEach((k, v) -> env.put(k, v == null ? null : String.valueOf(v)));
        }
        return env;
    }

    /** Every service built from a module: the four, the simulator and the demo's downloader. */
    private List<String> appServices() {
        return services.keySet().stream().filter(name -> Yaml.at(service(name), "build") != null).toList();
    }

    /** The module a service is built from (its build context). */
    private String module(String name) {
        return Yaml.text(service(name), "build.context");
    }

    /** The services that share the storage: all built ones but the simulator, an external API stand-in. */
    private List<String> storageUsers() {
        return appServices().stream().filter(name -> !module(name).equals(Repo.SIMULATOR)).toList();
    }

    @Test
    void servicesAreKafkaItsTopicInitTheFourServicesAndTheDemoOnesUnderTheDemoProfile() {
        assertThat(services.keySet()).containsExactlyInAnyOrder("kafka", "kafka-init", "storage-init", "planner-service",
                "downloader-service", "analyzer-service", "aggregator-service", Repo.SIMULATOR, "demo-downloader", "demo-submit");
        assertThat(Yaml.text(service("kafka"), "image")).startsWith("apache/kafka:");
        assertThat(environment("kafka").get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        for (String name : services.keySet()) {
            List<Object> profiles = Yaml.listAt(service(name), "profiles");
            if (name.equals(Repo.SIMULATOR) || name.startsWith("demo-")) {
                assertThat(profiles).as(name).containsExactly("demo");
            } else {
                assertThat(profiles).as(name + " runs without a profile").isEmpty();
            }
        }
    }

    @Test
    void eachServiceIsBuiltFromItsModuleDockerfile() {
        List<String> modules = Repo.modules();
        List<String> built = appServices().stream().map(this::module).distinct().toList();
        assertThat(built).containsExactlyInAnyOrder("planner-service", "downloader-service", "analyzer-service", "aggregator-service",
                Repo.SIMULATOR);
        for (String name : appServices()) {
            String module = module(name);
            Map<String, Object> build = Yaml.mapAt(service(name), "build");
            assertThat(Yaml.text(build, "dockerfile")).as(name + " dockerfile").isEqualTo(Repo.DOCKERFILE);
            assertThat(Repo.path(module)).as(name + " build context").isDirectory();
            assertThat(modules).as("the reactor builds " + module + "'s target/quarkus-app").contains(module);
            assertThat(Yaml.text(service(name), "image")).startsWith("vidsift/" + module + ":");
            if (!name.startsWith("demo-")) {
                assertThat(name).isEqualTo(module);
            }
        }
    }

    @Test
    void theFourServicesShareOneVolumeMountedWhereTheirStorageRootPoints() {
        Set<String> volumes = new LinkedHashSet<>();
        assertThat(storageUsers()).containsAll(Repo.SERVICES);
        for (String name : storageUsers()) {
            List<Object> mounts = Yaml.listAt(service(name), "volumes");
            assertThat(mounts).as(name + " volumes").hasSize(1);
            String[] mount = String.valueOf(mounts.get(0)).split(":");
            volumes.add(mount[0]);
            assertThat(mount[1]).as(name + " mount path").isEqualTo(environment(name).get("VIDSIFT_STORAGE_ROOT"));
        }
        assertThat(volumes).as("one named volume for all").hasSize(1);
        String volume = volumes.iterator().next();
        assertThat(Yaml.mapAt(compose, "volumes")).containsKey(volume);
        assertThat(Yaml.listAt(service("storage-init"), "volumes")).anySatisfy(v -> assertThat(String.valueOf(v)).startsWith(volume + ":"));
        // One owner for everything on the volume: the uid storage-init hands it to, in every service that writes it.
        String init = String.join(" ", Yaml.listAt(service("storage-init"), "entrypoint").stream().map(String::valueOf).toList());
        for (String name : storageUsers()) {
            String user = Yaml.text(service(name), "user");
            assertThat(user).as(name + " user").isNotNull();
            assertThat(init).as("storage-init chowns the volume to " + name + "'s user").contains("chown " + user + " ");
        }
    }

    @Test
    void kafkaBootstrapStoragePortAndEveryOtherVariableAreOnesTheServiceReads() {
        String internal = internalBootstrap();
        for (String name : appServices()) {
            ServiceConfig config = ServiceConfig.of(module(name));
            Map<String, String> env = environment(name);
            Set<String> credentials = module(name).equals(Credentials.DOWNLOADER) ? Credentials.namedBy(env) : Set.of();
            if (storageUsers().contains(name)) {
                assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as(name).isEqualTo(internal);
                assertThat(config.keyFor("KAFKA_BOOTSTRAP_SERVERS")).as(name + " reads KAFKA_BOOTSTRAP_SERVERS").isEqualTo("kafka.bootstrap.servers");
                assertThat(config.keyFor("VIDSIFT_STORAGE_ROOT")).as(name + " reads VIDSIFT_STORAGE_ROOT").isEqualTo("vidsift.storage.root");
            }
            int port = config.httpPort();
            assertThat(env.get("QUARKUS_HTTP_PORT")).as(name + " port").isEqualTo(Integer.toString(port));
            assertThat(config.keyFor("QUARKUS_HTTP_PORT")).isEqualTo("quarkus.http.port");
            for (Object mapping : Yaml.listAt(service(name), "ports")) {
                assertThat(String.valueOf(mapping)).as(name + " port mapping").endsWith(":" + port);
            }
            assertThat(Yaml.listAt(service(name), "healthcheck.test")).as(name + " healthcheck")
                    .anySatisfy(part -> assertThat(String.valueOf(part)).contains("/dev/tcp/127.0.0.1/" + port + " ")
                            .contains("GET /q/health/ready "));
            for (String variable : env.keySet()) {
                assertThat(credentials.contains(variable) || config.reads(variable))
                        .as(name + " is given " + variable + " but reads no such setting").isTrue();
            }
        }
        assertThat(Yaml.listAt(service("downloader-service"), "ports")).as("no host port, so it can be scaled").isEmpty();
        assertThat(Yaml.listAt(service("analyzer-service"), "ports")).as("no host port, so it can be scaled").isEmpty();
    }

    @Test
    void credentialsComeFromTheEnvironmentOnlyAndOnlyToDownloaders() {
        Set<String> demoSecrets = demoScenarioClientCredentials();
        for (String name : services.keySet()) {
            Map<String, String> env = environment(name);
            boolean downloader = Credentials.DOWNLOADER.equals(module(name));
            Set<String> credentials = downloader ? Credentials.namedBy(env) : Set.of();
            env.forEach((variable, value) -> {
                if (!Credentials.sensitive(variable) && !credentials.contains(variable)) {
                    return;
                }
                assertThat(downloader).as(variable + " is handed to " + name + ", which is no downloader").isTrue();
                assertThat(credentials).as(name + " is given " + variable + ", which its credential settings do not name").contains(variable);
                Matcher m = INTERPOLATION.matcher(value == null ? "" : value);
                assertThat(m.matches()).as(variable + " must be ${" + variable + ":-} from the shell, not a literal: " + value).isTrue();
                assertThat(m.group(1)).isEqualTo(variable);
                String fallback = m.group(2) == null ? "" : m.group(2);
                if (name.startsWith("demo-")) {
                    assertThat(fallback).as(variable + ": only the simulator's demo client may be a default").isIn(demoSecrets);
                } else {
                    assertThat(fallback).as(variable + " has no default").isEmpty();
                }
            });
        }
        Map<String, String> real = environment("downloader-service");
        assertThat(Credentials.namedBy(real)).as("the real downloader reads credentials the shell can pass")
                .allSatisfy(variable -> assertThat(real).containsKey(variable));
        assertThat(Credentials.namedBy(real)).contains("HIK_CLOUD_ACCESS_TOKEN");
        assertThat(Credentials.namedBy(real)).doesNotContainAnyElementsOf(Credentials.namedBy(environment("demo-downloader")));
        ServiceConfig config = ServiceConfig.of(Credentials.DOWNLOADER);
        for (String key : Credentials.NAMING_KEYS) {
            assertThat(config.reads(ServiceConfig.envName(key))).as("the downloader reads " + key).isTrue();
        }
        String text = Repo.read(Repo.path("docker-compose.yml"));
        assertThat(text).doesNotContainPattern("(?i)authorization:|bearer [a-z0-9]");
    }

    @Test
    void thePlannerAndAggregatorRequireTheirApiKeyFromTheShell() {
        Pattern required = Pattern.compile("\\$\\{VIDSIFT_API_KEY:\\?[^}]+}");
        for (String name : services.keySet()) {
            String value = environment(name).get("VIDSIFT_API_KEY");
            if (List.of("planner-service", "aggregator-service", "demo-submit").contains(name)) {
                assertThat(value).as(name + ": required, from the shell, no default").matches(required);
            } else {
                assertThat(value).as(name + " has no API").isNull();
            }
        }
        assertThat(ServiceConfig.of("planner-service").keyFor("VIDSIFT_API_KEY")).isEqualTo("vidsift.api-key");
        assertThat(ServiceConfig.of("aggregator-service").keyFor("VIDSIFT_API_KEY")).isEqualTo("vidsift.api-key");
    }

    @Test
    void downloadersSendTheirTokenOnlyToTheApiTheyAreMeantFor() {
        String variable = ServiceConfig.envName(ALLOWED_API_HOSTS);
        ServiceConfig config = ServiceConfig.of(Credentials.DOWNLOADER);
        assertThat(config.reads(variable)).as("the downloader reads " + variable).isTrue();
        String serviceDefault = config.raw(ALLOWED_API_HOSTS);
        assertThat(serviceDefault).as("the downloader's default is the real API's host")
                .isEqualTo(java.net.URI.create(io.vidsift.common.config.HikCloudConfig.DEFAULT_API_BASE_URL).getHost());
        // The real downloader: the real API unless the shell names other hosts.
        Matcher m = INTERPOLATION.matcher(environment("downloader-service").get(variable));
        assertThat(m.matches()).as(variable + " from the shell with a default").isTrue();
        assertThat(m.group(1)).isEqualTo(variable);
        assertThat(m.group(2)).isEqualTo(serviceDefault);
        // The demo's downloader: exactly the simulator demo-submit points the demo job at.
        java.net.URI simulator = java.net.URI.create(environment("demo-submit").get("SIMULATOR_URL"));
        assertThat(services).containsKey(simulator.getHost());
        assertThat(environment("demo-downloader").get(variable))
                .isEqualTo(simulator.getScheme() + "://" + simulator.getHost() + ":" + simulator.getPort());
        // Plain http and private download addresses only where a demo needs them, never for the real downloader.
        assertThat(environment("downloader-service")).doesNotContainKey(ServiceConfig.envName("vidsift.downloader.allowed-download-networks"));
        assertThat(environment("demo-downloader")).containsEntry(ServiceConfig.envName("vidsift.downloader.allowed-download-networks"), "private");
    }

    @Test
    void kafkaInitCreatesEveryTopicAndDeadLetterTopicWithTheKubernetesPartitionCounts() {
        Map<String, Integer> created = new LinkedHashMap<>();
        for (String spec : environment("kafka-init").get("VIDSIFT_TOPICS").trim().split("\\s+")) {
            String[] parts = spec.split(":");
            created.put(parts[0], Integer.parseInt(parts[1]));
        }
        Set<String> expected = new LinkedHashSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> expected.add(Topics.deadLetter(t)));
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(created).isEqualTo(KustomizeOverlaysTest.partitions());
        for (String module : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(module);
            assertThat(created.keySet()).as("topics " + module + " names").containsAll(config.topics());
            config.incoming().values().forEach(channel -> {
                if ("dead-letter-queue".equals(config.raw("mp.messaging.incoming." + channel.name() + ".failure-strategy"))) {
                    assertThat(channel.deadLetterTopic()).as(module + " " + channel.name() + " dead-letter topic")
                            .isEqualTo(Topics.deadLetter(channel.topic()));
                }
            });
        }
        assertThat(environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void startOrderWaitsForKafkaTopicsStorageAndHealth() {
        assertThat(Yaml.text(service("kafka-init"), "depends_on.kafka.condition")).isEqualTo("service_healthy");
        assertThat(Yaml.at(service("kafka"), "healthcheck.test")).isNotNull();
        for (String name : storageUsers()) {
            assertThat(Yaml.text(service(name), "depends_on.kafka-init.condition")).as(name).isEqualTo("service_completed_successfully");
            assertThat(Yaml.text(service(name), "depends_on.storage-init.condition")).as(name).isEqualTo("service_completed_successfully");
        }
        for (String name : appServices()) {
            if (!name.equals("downloader-service")) {
                assertThat(Yaml.text(service("demo-submit"), "depends_on." + name + ".condition")).as(name).isEqualTo("service_healthy");
            }
        }
        assertThat(Yaml.mapAt(service("demo-submit"), "depends_on")).as("the real downloader stays unready without credentials")
                .doesNotContainKey("downloader-service");
    }

    @Test
    void theDemoProfilePlaysTheExampleScenarioAndSubmitsTheExampleJob() {
        Map<String, String> simulator = environment(Repo.SIMULATOR);
        ServiceConfig simulatorConfig = ServiceConfig.of(Repo.SIMULATOR);
        assertThat(simulatorConfig.keyFor("VIDSIFT_SIMULATOR_SCENARIO")).isEqualTo("vidsift.simulator.scenario");
        assertThat(hostPath(Repo.SIMULATOR, simulator.get("VIDSIFT_SIMULATOR_SCENARIO"))).isEqualTo(Repo.path("examples/demo-scenario.yaml"))
                .isRegularFile();

        Map<String, String> submit = environment("demo-submit");
        assertThat(hostPath("demo-submit", submit.get("DEMO_JOB"))).isEqualTo(Repo.path("examples/demo.yaml")).isRegularFile();
        assertThat(submit.get("SIMULATOR_URL")).isEqualTo("http://" + Repo.SIMULATOR + ":" + simulatorConfig.httpPort());
        assertThat(submit.get("PLANNER_HOST") + ":" + submit.get("PLANNER_PORT"))
                .isEqualTo("planner-service:" + ServiceConfig.of("planner-service").httpPort());
        assertThat(submit.get("AGGREGATOR_HOST") + ":" + submit.get("AGGREGATOR_PORT"))
                .isEqualTo("aggregator-service:" + ServiceConfig.of("aggregator-service").httpPort());
        List<Object> entrypoint = Yaml.listAt(service("demo-submit"), "entrypoint");
        assertThat(hostPath("demo-submit", String.valueOf(entrypoint.get(entrypoint.size() - 1)))).isRegularFile();

        // The demo's downloader authenticates with the demo client, under the variable names the demo job uses.
        Map<String, Object> job = Yaml.map(Yaml.load(Repo.read(Repo.path("examples/demo.yaml"))), "examples/demo.yaml");
        Map<String, String> downloader = environment("demo-downloader");
        assertThat(Credentials.namedBy(downloader)).containsExactly(Yaml.text(job, "hik_cloud.access_token_env"),
                Yaml.text(job, "hik_cloud.client_id_env"), Yaml.text(job, "hik_cloud.client_secret_env"));
        Set<String> demo = demoScenarioClientCredentials();
        for (String field : List.of("client_id_env", "client_secret_env")) {
            String variable = Yaml.text(job, "hik_cloud." + field);
            assertThat(downloader).as("demo-downloader gets " + variable).containsKey(variable);
            Matcher m = INTERPOLATION.matcher(downloader.get(variable));
            assertThat(m.matches()).isTrue();
            assertThat(m.group(2)).isIn(demo);
        }
    }

    /** Where a container path of a bind-mounted service lands in the checkout. */
    private Path hostPath(String name, String containerPath) {
        for (Object volume : Yaml.listAt(service(name), "volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].startsWith("./") && containerPath.startsWith(parts[1] + "/")) {
                return Repo.root().resolve(parts[0].substring(2)).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
            }
        }
        throw new AssertionError(containerPath + " is not inside a bind mount of " + name);
    }

    private String internalBootstrap() {
        for (String listener : environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            String address = listener.substring(listener.indexOf("://") + 3);
            if (address.startsWith("kafka:")) {
                return address;
            }
        }
        throw new AssertionError("kafka advertises no listener on the compose network name 'kafka'");
    }

    private static Set<String> demoScenarioClientCredentials() {
        Path scenario = Repo.path("examples/demo-scenario.yaml");
        assertThat(scenario).isRegularFile();
        Set<String> values = new LinkedHashSet<>();
        for (Object client : Yaml.listAt(Yaml.load(Repo.read(scenario)), "token.clients")) {
            values.add(Yaml.text(client, "client_id"));
            values.add(Yaml.text(client, "client_secret"));
        }
        assertThat(values).isNotEmpty();
        return values;
    }
}
