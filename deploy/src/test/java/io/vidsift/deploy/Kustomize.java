package io.vidsift.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders kustomize directories with {@code kubectl kustomize} (no cluster needed). kubectl is part of the build
 * image and of CI; without it these tests fail and say so rather than pass on nothing.
 */
final class Kustomize {

    private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(Repo.path("k8s/overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).map(d -> d.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("k8s/overlays cannot be listed: " + e.getMessage(), e);
        }
    }

    static Rendered overlay(String name) {
        return render(Repo.path("k8s/overlays").resolve(name));
    }

    static Rendered render(Path dir) {
        return CACHE.computeIfAbsent(dir, Kustomize::run);
    }

    private static Rendered run(Path dir) {
        Process process;
        try {
            process = new ProcessBuilder(kubectl(), "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the k8s overlays (`kubectl kustomize " + Repo.root().relativize(dir)
                    + "`) and was not found on PATH (or at $KUBECTL): " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + Repo.root().relativize(dir) + " failed (exit " + process.exitValue() + "):\n"
                        + new String(err, StandardCharsets.UTF_8));
            }
            return new Rendered(Yaml.loadAll(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError("cannot read kubectl's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String kubectl() {
        String configured = System.getenv("KUBECTL");
        return configured == null || configured.isBlank() ? "kubectl" : configured;
    }
}
