package io.vidsift.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checkout these tests read: the parent of this module, found from the working directory. */
final class Repo {

    /** The services the manifests deploy, in the order of the data flow. */
    static final List<String> SERVICES = List.of("planner-service", "downloader-service", "analyzer-service", "aggregator-service");
    static final String SIMULATOR = "hik-cloud-simulator";
    static final String DOCKERFILE = "src/main/docker/Dockerfile.jvm";

    private static final Path ROOT = locate();

    private Repo() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules the parent pom lists. */
    static List<String> modules() {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        List<String> modules = new java.util.ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("deploy"))
                    && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the vidsift checkout above " + Path.of("").toAbsolutePath());
    }
}
