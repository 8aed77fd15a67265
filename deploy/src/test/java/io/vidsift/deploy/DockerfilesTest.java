package io.vidsift.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM images: each service's src/main/docker/Dockerfile.jvm copies exactly the Quarkus fast-jar layout that
 * `./mvnw package` leaves in target/quarkus-app, from a build context (the module folder) that exists.
 */
class DockerfilesTest {

    /** Quarkus fast-jar output (quarkus.package.jar.type=fast-jar, the default) → where the image expects it. */
    static final Map<String, String> FAST_JAR = Map.of(
            "target/quarkus-app/lib/", "lib/",
            "target/quarkus-app/*.jar", "",
            "target/quarkus-app/app/", "app/",
            "target/quarkus-app/quarkus/", "quarkus/");

    static List<String> modules() {
        List<String> modules = new ArrayList<>(Repo.SERVICES);
        modules.add(Repo.SIMULATOR);
        return modules;
    }

    /** Every Dockerfile under a service's src/main/docker (the JVM one and e.g. the analyzer's GPU one). */
    static List<Path> dockerfiles() {
        List<Path> files = new ArrayList<>();
        for (String module : modules()) {
            Path dir = Repo.path(module).resolve("src/main/docker");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    list.filter(f -> f.getFileName().toString().startsWith("Dockerfile")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return files;
    }

    @ParameterizedTest
    @MethodSource("modules")
    void everyServiceHasAJvmDockerfileInItsBuildContext(String module) {
        assertThat(Repo.path(module)).as("build context").isDirectory();
        assertThat(Repo.path(module).resolve(Repo.DOCKERFILE)).as(module + " needs " + Repo.DOCKERFILE + " (docker-compose.yml builds it)")
                .isRegularFile();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void copiesExactlyTheQuarkusFastJarLayoutAndRunsIt(Path dockerfile) {
        Path context = dockerfile.getParent().getParent().getParent().getParent();
        String module = context.getFileName().toString();
        List<String[]> instructions = instructions(dockerfile);
        Map<String, String> copies = new LinkedHashMap<>();
        String workdir = "/";
        String destinationRoot = null;
        for (String[] instruction : instructions) {
            switch (instruction[0]) {
                case "WORKDIR" -> workdir = instruction[1].trim();
                case "COPY", "ADD" -> {
                    List<String> args = new ArrayList<>(List.of(instruction[1].trim().split("\\s+")));
                    if (args.stream().anyMatch(a -> a.startsWith("--from"))) {
                        continue; // a multi-stage copy, not from the build context
                    }
                    args.removeIf(a -> a.startsWith("--"));
                    String destination = args.remove(args.size() - 1);
                    for (String source : args) {
                        copies.put(source, destination);
                        if (!FAST_JAR.containsKey(source)) {
                            assertThat(context.resolve(source)).as(dockerfile + ": COPY " + source + " is not in the build context").exists();
                        }
                    }
                }
                default -> {
                }
            }
        }
        assertThat(copies.keySet()).as(Repo.root().relativize(dockerfile) + " COPY sources").containsAll(FAST_JAR.keySet());
        for (Map.Entry<String, String> fastJar : FAST_JAR.entrySet()) {
            String destination = copies.get(fastJar.getKey());
            String absolute = destination.startsWith("/") ? destination : workdir + "/" + destination;
            String root = absolute.endsWith("/" + fastJar.getValue()) || fastJar.getValue().isEmpty()
                    ? absolute.substring(0, absolute.length() - fastJar.getValue().length()) : null;
            assertThat(root).as(fastJar.getKey() + " → " + destination + " keeps the layout").isNotNull();
            root = root.endsWith("/") ? root : root + "/";
            if (destinationRoot == null) {
                destinationRoot = root;
            }
            assertThat(root).as("all four parts of quarkus-app land in one folder").isEqualTo(destinationRoot);
        }
        // The launcher is named on the command line, or in JAVA_APP_JAR for images whose run script starts it.
        String launch = instructions.stream().filter(i -> i[0].equals("ENTRYPOINT") || i[0].equals("CMD")
                || (i[0].equals("ENV") && i[1].contains("JAVA_APP_JAR"))).map(i -> i[1]).reduce("", (a, b) -> a + " " + b);
        assertThat(launch).as("runs the fast-jar launcher").contains(destinationRoot + "quarkus-run.jar");
        assertThat(instructions).as("EXPOSE the service's port").anySatisfy(i -> {
            assertThat(i[0]).isEqualTo("EXPOSE");
            assertThat(i[1].trim()).isEqualTo(Integer.toString(ServiceConfig.of(module).httpPort()));
        });
        String jarType = ServiceConfig.of(module).raw("quarkus.package.jar.type");
        assertThat(jarType).as("the Dockerfile expects the fast-jar layout").isIn(null, "fast-jar");
        assertThat(Repo.read(context.resolve("pom.xml"))).as(module + " is packaged by the quarkus-maven-plugin").contains("quarkus-maven-plugin");

        // Built here already? Then the sources are really there.
        Path app = context.resolve("target/quarkus-app");
        if (Files.isDirectory(app)) {
            assertThat(app.resolve("quarkus-run.jar")).isRegularFile();
            assertThat(app.resolve("lib")).isDirectory();
            assertThat(app.resolve("app")).isDirectory();
            assertThat(app.resolve("quarkus")).isDirectory();
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void baseImagesNameNoRegistryHostAndHaveBashForTheHealthchecks(Path dockerfile) {
        List<String> bases = instructions(dockerfile).stream().filter(i -> i[0].equals("FROM")).map(i -> i[1].trim().split("\\s+")[0]).toList();
        assertThat(bases).isNotEmpty();
        for (String base : bases) {
            String first = base.contains("/") ? base.substring(0, base.indexOf('/')) : "";
            assertThat(first).as(base + ": pulled by its plain name, no registry host").doesNotContain(".").doesNotContain(":");
            assertThat(base).as(base + ": docker-compose.yml healthchecks use bash").doesNotContain("alpine");
        }
        if (dockerfile.getFileName().toString().equals("Dockerfile.jvm")) {
            assertThat(bases.get(bases.size() - 1)).startsWith("eclipse-temurin:");
        }
    }

    @Test
    void theGpuOverlaysAnalyzerImageHasADockerfileOnACudaBase() {
        List<Path> gpu = dockerfiles().stream()
                .filter(f -> f.toString().contains("analyzer-service") && f.getFileName().toString().toLowerCase().contains("gpu")).toList();
        assertThat(gpu).as("analyzer-service/src/main/docker/Dockerfile.gpu (k8s/overlays/gpu runs vidsift/analyzer-service-gpu)").hasSize(1);
        assertThat(instructions(gpu.get(0))).anySatisfy(i -> {
            assertThat(i[0]).isEqualTo("FROM");
            assertThat(i[1]).contains("cuda");
        });
    }

    /** Instructions with continuation lines joined and comments dropped: [KEYWORD, arguments]. */
    static List<String[]> instructions(Path dockerfile) {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(dockerfile).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(new String[]{text.substring(0, space < 0 ? text.length() : space).toUpperCase(), space < 0 ? "" : text.substring(space + 1)});
            }
        }
        return instructions;
    }
}
