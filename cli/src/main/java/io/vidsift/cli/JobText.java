package io.vidsift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Rewrites a job's YAML before the CLI submits it: paths become absolute (relative ones are relative to the
 * config file, as a user expects, not to the services' storage root), a literal token is removed (the CLI hands
 * it to the downloader's environment instead), and the demo points the API at its simulator.
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

    String yaml() {
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
