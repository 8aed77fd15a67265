package io.vidsift.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vidsift.common.time.DateTimes;
import io.vidsift.simulator.video.VideoSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario YAML (format in the module README). Unknown keys and bad values fail with the key's path, so a
 * typo in a fault never silently turns it off.
 */
public final class ScenarioLoader {

    private static final Set<String> TOP = Set.of("seed", "timezone", "url_lifetime_seconds", "token", "video", "devices", "faults");
    private static final Set<String> TOKEN = Set.of("lifetime_seconds", "issued_prefix", "static_tokens", "clients");
    private static final Set<String> CLIENT = Set.of("client_id", "client_secret");
    private static final Set<String> VIDEO = Set.of("width", "height", "fps", "keyframe_seconds", "square_size",
            "speed_pixels_per_second", "move_seconds", "still_seconds", "bitrate_kbps");
    private static final Set<String> DEVICE = Set.of("device_serial", "channel_no", "recordings", "file");
    private static final Set<String> SEGMENT = Set.of("begin", "end");
    private static final Set<String> FAULT = Set.of("kind", "target", "device_serial", "requests", "rate", "status",
            "code", "message", "delay_ms", "for_seconds");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public Scenario load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file, e);
        }
    }

    public Scenario loadResource(String name) {
        try (InputStream in = ScenarioLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource " + name);
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Scenario parse(String text) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("scenario is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scenario must be a mapping");
        }
        only(root, "", TOP);
        ZoneId zone = ZoneId.of(root.path("timezone").asText("Asia/Shanghai"));
        return new Scenario(
                token(root.path("token")),
                positive(root, "", "url_lifetime_seconds", 300),
                video(root.path("video")),
                cameras(root.path("devices"), zone),
                faults(root.path("faults")),
                root.path("seed").asLong(42));
    }

    private Scenario.TokenSettings token(JsonNode node) {
        only(node, "token", TOKEN);
        List<Scenario.Client> clients = new ArrayList<>();
        int i = 0;
        for (JsonNode client : list(node, "token", "clients")) {
            String at = "token.clients[" + i++ + "]";
            only(client, at, CLIENT);
            clients.add(new Scenario.Client(required(client, at, "client_id"), required(client, at, "client_secret")));
        }
        List<String> statics = new ArrayList<>();
        for (JsonNode token : list(node, "token", "static_tokens")) {
            statics.add(token.asText());
        }
        return new Scenario.TokenSettings(clients, statics, positive(node, "token", "lifetime_seconds", 7200),
                node.path("issued_prefix").asText("sim-"));
    }

    private VideoSettings video(JsonNode node) {
        only(node, "video", VIDEO);
        VideoSettings d = VideoSettings.defaults();
        try {
            return new VideoSettings(
                    node.path("width").asInt(d.width()),
                    node.path("height").asInt(d.height()),
                    node.path("fps").asInt(d.fps()),
                    node.path("keyframe_seconds").asInt(d.keyframeSeconds()),
                    node.path("square_size").asInt(d.squareSize()),
                    node.path("speed_pixels_per_second").asInt(d.speedPixelsPerSecond()),
                    node.path("move_seconds").asInt(d.moveSeconds()),
                    node.path("still_seconds").asInt(d.stillSeconds()),
                    node.path("bitrate_kbps").asInt(d.bitrateKbps()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("video: " + e.getMessage());
        }
    }

    private List<Scenario.Camera> cameras(JsonNode node, ZoneId zone) {
        List<Scenario.Camera> cameras = new ArrayList<>();
        int i = 0;
        for (JsonNode device : iterable(node, "devices")) {
            String at = "devices[" + i++ + "]";
            only(device, at, DEVICE);
            List<Scenario.Segment> segments = new ArrayList<>();
            int j = 0;
            for (JsonNode segment : list(device, at, "recordings")) {
                String where = at + ".recordings[" + j++ + "]";
                only(segment, where, SEGMENT);
                long begin = instant(segment, where, "begin", zone);
                long end = instant(segment, where, "end", zone);
                if (end <= begin) {
                    throw new IllegalArgumentException(where + ".end: must be after begin");
                }
                segments.add(new Scenario.Segment(begin, end));
            }
            String file = device.hasNonNull("file") ? device.get("file").asText() : null;
            if (file != null && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) {
                throw new IllegalArgumentException(at + ".file: no such file: " + file);
            }
            cameras.add(new Scenario.Camera(required(device, at, "device_serial"), device.path("channel_no").asInt(1), segments, file));
        }
        return cameras;
    }

    private List<FaultRule> faults(JsonNode node) {
        List<FaultRule> faults = new ArrayList<>();
        int i = 0;
        for (JsonNode fault : iterable(node, "faults")) {
            String at = "faults[" + i++ + "]";
            only(fault, at, FAULT);
            FaultKind kind;
            FaultRule.Target target;
            try {
                kind = FaultKind.parse(required(fault, at, "kind"));
                target = FaultRule.Target.valueOf(fault.path("target").asText("address").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": unknown kind or target (" + e.getMessage() + ")");
            }
            Set<Integer> requests = new LinkedHashSet<>();
            for (JsonNode n : list(fault, at, "requests")) {
                requests.add(n.asInt());
            }
            double rate = fault.path("rate").asDouble(0);
            long forMillis = Math.round(fault.path("for_seconds").asDouble(0) * 1000);
            if (requests.isEmpty() && rate <= 0 && forMillis <= 0) {
                throw new IllegalArgumentException(at + ": needs requests: [n, ...], a rate > 0 or for_seconds > 0");
            }
            faults.add(new FaultRule(kind, target, fault.hasNonNull("device_serial") ? fault.get("device_serial").asText() : null,
                    requests, rate, fault.path("status").asInt(503), fault.path("code").asText(null),
                    fault.path("message").asText(null), fault.path("delay_ms").asLong(2000), forMillis));
        }
        return faults;
    }

    private static long instant(JsonNode node, String at, String key, ZoneId zone) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(at + "." + key + ": is required");
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        try {
            return DateTimes.parse(value.asText(), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "." + key + ": " + e.getMessage());
        }
    }

    private static long positive(JsonNode node, String at, String key, long fallback) {
        long value = node.path(key).asLong(fallback);
        if (value <= 0) {
            throw new IllegalArgumentException((at.isEmpty() ? "" : at + ".") + key + ": must be > 0");
        }
        return value;
    }

    private static String required(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(at + "." + key + ": is required");
        }
        return value.asText();
    }

    private static Iterable<JsonNode> list(JsonNode node, String at, String key) {
        return iterable(node.path(key), at + "." + key);
    }

    private static Iterable<JsonNode> iterable(JsonNode node, String at) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(at + ": must be a list");
        }
        return node;
    }

    private static void only(JsonNode node, String at, Set<String> allowed) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException((at.isEmpty() ? "scenario" : at) + ": must be a mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException((at.isEmpty() ? "" : at + ".") + name + ": unknown key (expected one of "
                        + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }
}
