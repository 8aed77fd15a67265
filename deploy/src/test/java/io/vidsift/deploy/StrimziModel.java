package io.vidsift.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Binds Strimzi resources to Strimzi's own model classes (io.strimzi:api {@value #VERSION}) and reports what an
 * operator of that version would refuse: an {@code apiVersion} it does not serve (1.0 removed v1beta2), and any field
 * its model does not have. The model is compiled for Java 21, and this build targets 17: the classes are used by
 * name only, in this JVM when it is 21 or newer, otherwise in a Java 21+ JVM started for the check
 * ({@code JAVA_HOME}, then the JDKs under /usr/lib/jvm). With none at all the check is skipped, visibly.
 */
final class StrimziModel {

    static final String VERSION = "1.2.0";
    static final String GROUP = "kafka.strimzi.io/";
    private static final Map<String, String> MODEL = Map.of(
            "Kafka", "io.strimzi.api.kafka.model.kafka.Kafka",
            "KafkaNodePool", "io.strimzi.api.kafka.model.nodepool.KafkaNodePool",
            "KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "KafkaUser", "io.strimzi.api.kafka.model.user.KafkaUser");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Marks the forked check's answers among whatever else its libraries print (SLF4J's warnings). */
    private static final String PROBLEM = "strimzi-model-problem: ";

    private StrimziModel() {
    }

    static boolean isStrimzi(Map<String, Object> object) {
        return String.valueOf(object.get("apiVersion")).startsWith(GROUP);
    }

    /** One line per problem, empty when every resource binds cleanly under a version Strimzi serves. */
    static List<String> problems(List<Map<String, Object>> objects) {
        if (Runtime.version().feature() >= 21) {
            return check(objects);
        }
        Optional<Path> java = java21();
        assumeTrue(java.isPresent(), "Strimzi's model (io.strimzi:api " + VERSION + ") needs Java 21+, and none was found "
                + "(JAVA_HOME, /usr/lib/jvm): the Strimzi binding check did not run");
        return forked(java.get(), objects);
    }

    /** For the forked JVM: reads the objects (JSON) from args[0], prints one problem per line. */
    public static void main(String[] args) throws IOException {
        List<Map<String, Object>> objects = MAPPER.readValue(Files.readString(Path.of(args[0])),
                MAPPER.getTypeFactory().constructCollectionType(List.class, Map.class));
        check(objects).forEach(problem -> System.out.println(PROBLEM + problem));
        System.out.println("checked " + objects.size());
    }

    @SuppressWarnings("unchecked")
    private static List<String> check(List<Map<String, Object>> objects) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String kind = String.valueOf(object.get("kind"));
            String name = kind + " " + Rendered.name(object);
            String model = MODEL.get(kind);
            if (model == null) {
                problems.add(name + ": not a Strimzi kind these checks know");
                continue;
            }
            try {
                Class<?> type = Class.forName(model);
                List<String> served = (List<String>) type.getField("VERSIONS").get(null);
                String version = String.valueOf(object.get("apiVersion")).substring(GROUP.length());
                if (!served.contains(version)) {
                    problems.add(name + ": " + object.get("apiVersion") + " is not a version Strimzi serves (" + served + ")");
                }
                List<String> unknown = new ArrayList<>();
                ModelFields.unknown(MAPPER.convertValue(object, type), kind + "/" + Rendered.name(object), unknown);
                unknown.forEach(field -> problems.add(name + ": unknown field " + field));
            } catch (Exception e) {
                problems.add(name + ": does not bind to " + model + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static List<String> forked(Path java, List<Map<String, Object>> objects) {
        try {
            Path input = Files.createTempFile("vidsift-strimzi", ".json");
            Path output = Files.createTempFile("vidsift-strimzi", ".out");
            try {
                Files.writeString(input, MAPPER.writeValueAsString(objects));
                Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                        StrimziModel.class.getName(), input.toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the Strimzi model check in " + java + " did not finish in 120 s");
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0 || lines.isEmpty() || !lines.get(lines.size() - 1).equals("checked " + objects.size())) {
                    throw new AssertionError("the Strimzi model check in " + java + " failed:\n" + String.join("\n", lines));
                }
                return lines.stream().filter(l -> l.startsWith(PROBLEM)).map(l -> l.substring(PROBLEM.length())).toList();
            } finally {
                Files.deleteIfExists(input);
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run the Strimzi model check", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A Java 21+ runtime: JAVA_HOME when it is one, else the newest JDK under /usr/lib/jvm. */
    private static Optional<Path> java21() {
        List<Path> homes = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(homes::add);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted(Comparator.comparingInt(StrimziModel::feature).reversed()).forEach(homes::add);
            } catch (IOException e) {
                // none from there
            }
        }
        return homes.stream().filter(h -> feature(h) >= 21).map(h -> h.resolve("bin/java")).filter(Files::isExecutable).findFirst();
    }

    /** The feature release a JDK's {@code release} file names (JAVA_VERSION="25.0.1"), 0 when unreadable. */
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
