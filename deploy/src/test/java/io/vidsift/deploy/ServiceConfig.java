package io.vidsift.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads, from its own sources: src/main/resources/application.yaml (flattened; profile sections
 * like {@code %test} left out), application.properties and META-INF/microprofile-config.properties, plus the names
 * of its {@code @ConfigProperty} injections and the config keys its code spells as string constants. An environment variable reaches a service when a value names it in a
 * {@code ${VAR:default}} placeholder or when it is the MicroProfile Config environment form of a key the service
 * has (non-alphanumerics to '_', upper case), e.g. QUARKUS_HTTP_PORT for quarkus.http.port.
 */
final class ServiceConfig {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::[^}]*)?}");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    /** A string constant that is a config key the code looks up by name (e.g. {@code "vidsift.hik-cloud.client-id-env"}). */
    private static final Pattern KEY_LITERAL = Pattern.compile("\"((?:vidsift|quarkus|kafka|mp)\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+)\"");

    final String module;
    private final Map<String, String> properties;
    private final Set<String> injected;

    private ServiceConfig(String module, Map<String, String> properties, Set<String> injected) {
        this.module = module;
        this.properties = properties;
        this.injected = injected;
    }

    static ServiceConfig of(String module) {
        Path resources = Repo.path(module).resolve("src/main/resources");
        Path yaml = resources.resolve("application.yaml");
        Path microprofile = resources.resolve("META-INF/microprofile-config.properties");
        Path applicationProperties = resources.resolve("application.properties");
        if (!Files.isRegularFile(yaml) && !Files.isRegularFile(microprofile) && !Files.isRegularFile(applicationProperties)) {
            throw new AssertionError(module + " has no configuration yet (no " + Repo.root().relativize(yaml)
                    + "): the manifests cannot be checked against what it reads");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Path file : List.of(microprofile, applicationProperties)) {
            if (Files.isRegularFile(file)) {
                Properties p = new Properties();
                try {
                    p.load(new StringReader(Repo.read(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                p.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> properties.put(k, p.getProperty(k)));
            }
        }
        if (Files.isRegularFile(yaml)) {
            Object tree = Yaml.load(Repo.read(yaml));
            if (tree != null) {
                flatten("", Yaml.map(tree, module + " application.yaml"), properties);
            }
        }
        Set<String> injected = injected(Repo.path(module).resolve("src/main/java"));
        // service-kit's beans (the API key filter, health, metrics) run inside every service that depends on it.
        if (!module.equals("service-kit") && Repo.read(Repo.path(module).resolve("pom.xml")).contains("<artifactId>vidsift-service-kit</artifactId>")) {
            injected.addAll(injected(Repo.path("service-kit").resolve("src/main/java")));
        }
        return new ServiceConfig(module, properties, injected);
    }

    private static void flatten(String prefix, Map<String, Object> node, Map<String, String> into) {
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (prefix.isEmpty() && key.startsWith("%")) {
                continue;
            }
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (entry.getValue() instanceof Map<?, ?> child) {
                flatten(name, Yaml.map(child, name), into);
            } else if (entry.getValue() instanceof List<?> list) {
                into.put(name, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                into.put(name, entry.getValue() == null ? "" : String.valueOf(entry.getValue()));
            }
        }
    }

    private static Set<String> injected(Path sources) {
        Set<String> names = new LinkedHashSet<>();
        if (!Files.isDirectory(sources)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Repo.read(file);
                for (Pattern pattern : List.of(CONFIG_PROPERTY, KEY_LITERAL)) {
                    Matcher m = pattern.matcher(source);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The MicroProfile Config environment-variable form of a property name. */
    static String envName(String property) {
        return property.replace("\"", "").replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The values of the keys this test accepts (placeholders unresolved). */
    java.util.List<String> values(java.util.function.Predicate<String> key) {
        return properties.entrySet().stream().filter(e -> key.test(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /** The raw value (placeholders unresolved), or null. */
    String raw(String key) {
        return properties.get(key);
    }

    /**
     * Whether setting this environment variable changes what the service reads. For a service on the Quarkus Kafka
     * extension that includes every {@code KAFKA_*} variable whose name, lower-cased with '_' as '.', is a Kafka
     * client setting: the extension hands every {@code kafka.*} property, environment variables included, to every
     * channel and to the {@code default-kafka-broker} map hand-built clients take (CONVENTIONS.md); for one that
     * builds its clients itself with service-kit's KafkaClientSecurity, the security settings among them.
     */
    boolean reads(String env) {
        if (usesQuarkusKafka() && KafkaClientSettings.isClientSetting(env)) {
            return true;
        }
        // A service that builds its clients itself (the aggregator's Kafka Streams) takes the security settings
        // through service-kit's KafkaClientSecurity.
        if (usesKafkaClientSecurity() && KafkaClientSettings.isSecuritySetting(env)) {
            return true;
        }
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (envName(property.getKey()).equals(env)) {
                return true;
            }
            Matcher m = PLACEHOLDER.matcher(property.getValue());
            while (m.find()) {
                if (m.group(1).equals(env)) {
                    return true;
                }
            }
        }
        return injected.stream().anyMatch(name -> envName(name).equals(env));
    }

    /** The module depends on the Quarkus Kafka extension (directly or through SmallRye Reactive Messaging). */
    boolean usesQuarkusKafka() {
        String pom = Repo.read(Repo.path(module).resolve("pom.xml"));
        return pom.contains("<artifactId>quarkus-messaging-kafka</artifactId>") || pom.contains("<artifactId>quarkus-kafka-client</artifactId>");
    }

    boolean usesKafkaClientSecurity() {
        try (Stream<Path> files = Files.walk(Repo.path(module).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .anyMatch(f -> Repo.read(f).contains("import io.vidsift.service.kafka.KafkaClientSecurity;"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The property an environment variable sets: the key whose placeholder or env form is that variable. */
    String keyFor(String env) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            Matcher m = PLACEHOLDER.matcher(property.getValue());
            if (envName(property.getKey()).equals(env) || (m.find() && m.group(1).equals(env))) {
                return property.getKey();
            }
        }
        return injected.stream().filter(name -> envName(name).equals(env)).findFirst().orElse(null);
    }

    int httpPort() {
        String port = raw("quarkus.http.port");
        if (port == null) {
            throw new AssertionError(module + " does not set quarkus.http.port");
        }
        Matcher m = PLACEHOLDER.matcher(port);
        return Integer.parseInt(m.matches() ? port.substring(port.indexOf(':') + 1, port.length() - 1) : port);
    }

    /** Incoming channels: name → (topic, group.id). */
    Map<String, Channel> incoming() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        String prefix = "mp.messaging.incoming.";
        for (String key : properties.keySet()) {
            if (key.startsWith(prefix) && key.endsWith(".connector")) {
                String channel = key.substring(prefix.length(), key.length() - ".connector".length());
                String topic = raw(prefix + channel + ".topic");
                channels.put(channel, new Channel(channel, topic == null ? channel : topic, raw(prefix + channel + ".group.id"),
                        raw(prefix + channel + ".dead-letter-queue.topic")));
            }
        }
        return channels;
    }

    /** Every topic the service names: incoming and outgoing topics and dead-letter topics. */
    Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.") && (key.endsWith(".topic"))) {
                topics.add(value);
            }
        });
        return topics;
    }

    record Channel(String name, String topic, String groupId, String deadLetterTopic) {
    }

    List<String> keys() {
        return new ArrayList<>(properties.keySet());
    }
}
