package io.vidsift.cli.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where vidsift is installed: the repository root, which holds each service's {@code target/quarkus-app}. The
 * launcher script passes it as {@code -Dvidsift.home}; otherwise it is found from the CLI jar's location.
 */
public record Home(Path root) {

    public static Home locate() {
        String property = System.getProperty("vidsift.home");
        if (property != null && !property.isBlank()) {
            return new Home(Path.of(property).toAbsolutePath().normalize());
        }
        Path jar = ownJar();
        // <root>/cli/target/vidsift-cli.jar
        return new Home(jar.getParent().getParent().getParent().toAbsolutePath().normalize());
    }

    public Path serviceJar(String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The classpath of this JVM, which includes Apache Kafka's broker jars; the broker JVM runs on it. */
    public static String kafkaClasspath() {
        Path jar = ownJar();
        if (jar.toString().endsWith(".jar")) {
            return jar.toString() + java.io.File.pathSeparator + jar.getParent().resolve("lib") + "/*";
        }
        return System.getProperty("java.class.path");
    }

    public static Path java() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java : Path.of("java");
    }

    private static Path ownJar() {
        try {
            return Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
