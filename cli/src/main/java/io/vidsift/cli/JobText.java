package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.vidsift.cli.stack.InputMount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rewrites a job's YAML before the CLI submits it: paths become absolute (relative ones are relative to the
 * config file, as a user expects, not to the services' storage root), a literal token is removed (the CLI hands
 * it to the downloader's environment instead), the demo points the API at its simulator, and a local input folder
 * of a kept-up stack is named through its link under the storage root.
 */
final class JobText {

    private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    private final ObjectNode root;

    JobText(String yaml) {
        try {
            JsonNode tree = mapper.readTree(yaml);
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalArgumentException("the job is not a YAML mapping");
            }
            this.root = object;
        } catch (IOException e) {
            throw new IllegalArgumentException("the job is not valid YAML: " + e.getMessage(), e);
        }
    }

    JobText absolutePaths(Path base, Path storageRoot) {
        JsonNode local = root.path("source").path("local");
        if (local instanceof ObjectNode node && node.hasNonNull("input_dir")) {
            node.put("input_dir", base.resolve(node.get("input_dir").asText()).normalize().toString());
        }
        root.withObject("/storage").put("root", storageRoot.toString());
        return this;
    }

    /**
     * Points {@code source.local.input_dir} at the storage root's link to it when it lies in one of a kept-up
     * stack's input folders ({@code stack up --input}): the services see only paths under the storage root.
     */
    JobText throughInputMounts(List<InputMount> mounts) {
        JsonNode local = root.path("source").path("local");
        if (mounts.isEmpty() || !(local instanceof ObjectNode node) || !node.hasNonNull("input_dir")) {
            return this;
        }
        Path dir = Path.of(node.get("input_dir").asText());
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
            return this;
        }
        try {
            Path real = dir.toRealPath();
            for (InputMount mount : mounts) {
                Path target = Path.of(mount.dir());
                if (real.startsWith(target)) {
                    String rest = target.relativize(real).toString().replace('\\', '/');
                    node.put("input_dir", rest.isEmpty() ? mount.relative() : mount.relative() + "/" + rest);
                    return this;
                }
            }
        } catch (IOException e) {
            // Left as given: the planner names the problem with the field.
        }
        return this;
    }

    JobText withoutLiteralToken() {
        if (root.get("hik_cloud") instanceof ObjectNode hik) {
            hik.remove("access_token");
        }
        return this;
    }

    JobText apiBaseUrl(String url) {
        root.withObject("/hik_cloud").put("api_base_url", url);
        return this;
    }

    /**
     * The {@code Idempotency-Key} of submitting this text with {@code query} (the dry_run/output_dir overrides):
     * sha256, hex, of both, so the same job submitted twice is planned once and a changed override is a new job.
     */
    String idempotencyKey(String query) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((yaml() + "\n" + query).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String yaml() {
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
