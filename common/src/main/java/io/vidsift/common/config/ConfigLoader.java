package io.vidsift.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vidsift.common.time.DateTimes;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a job config (YAML, or JSON which is YAML too) into a {@link JobConfig}, or throws an
 * {@link InvalidConfigException} that lists every problem with its path. Whether a token source exists is not
 * checked here: that belongs to the component that needs the token ({@link TokenSource}).
 */
public final class ConfigLoader {

    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> TOP = Set.of("name", "dry_run", "source", "hik_cloud", "runtime", "output",
            "storage", "analysis");
    private static final Set<String> SOURCE = Set.of("mode", "local");
    private static final Set<String> LOCAL = Set.of("input_dir", "extensions", "recursive");
    private static final Set<String> HIK = Set.of("api_base_url", "download_path", "token_path", "access_token",
            "access_token_env", "client_id_env", "client_secret_env", "chunk_seconds", "timeout_seconds",
            "download_timeout_seconds", "devices", "time_ranges");
    private static final Set<String> DEVICE = Set.of("device_serial", "channel_no", "name");
    private static final Set<String> RANGE = Set.of("begin", "end");
    private static final Set<String> RUNTIME = Set.of("timezone");
    private static final Set<String> OUTPUT = Set.of("dir");
    private static final Set<String> STORAGE = Set.of("root");
    private static final Set<String> ANALYSIS = Set.of("sample_fps", "sampling", "clip_seconds", "device",
            "device_fallback", "decoder_threads", "max_duration_seconds", "save_frames", "model", "masks");
    private static final Set<String> MASK = Set.of("device_serial", "channel_no", "regions");
    private static final Set<String> REGION = Set.of("rect", "polygon");
    private static final Set<String> MODEL = Set.of("name", "path", "input_size", "class_names", "classes",
            "score_threshold", "iou_threshold", "batch_size");

    private final ObjectMapper yaml;

    public ConfigLoader() {
        YAMLFactory factory = new YAMLFactory();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.yaml = new ObjectMapper(factory);
    }

    public LoadedConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file.toString(), "cannot read: " + e.getMessage())));
        }
        return parse(text);
    }

    /** Parses YAML or JSON text. */
    public LoadedConfig parse(String text) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidConfigException(List.of(new ConfigProblem("(document)",
                    "not valid YAML" + where + ": " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigException(List.of(new ConfigProblem("(document)", "must be a mapping with source, hik_cloud, output, ...")));
        }
        return read(root);
    }

    private LoadedConfig read(JsonNode root) {
        ConfigTree tree = new ConfigTree();
        tree.onlyKeys(root, "", TOP);
        String name = tree.text(root, "", "name", null, false);
        boolean dryRun = tree.bool(root, "", "dry_run", false);

        JsonNode runtime = tree.object(root, "", "runtime", false);
        tree.onlyKeys(runtime, "runtime", RUNTIME);
        String timezone = tree.text(runtime, "runtime", "timezone", JobConfig.DEFAULT_TIMEZONE, false);
        ZoneId zone = zone(tree, timezone);

        JsonNode source = tree.object(root, "", "source", true);
        tree.onlyKeys(source, "source", SOURCE);
        String modeKey = tree.choice(source, "source", "mode", null, List.of("local", "hik_cloud"));
        if (source != null && ConfigTree.present(source, "mode") == null) {
            tree.problem("source.mode", "is required (local or hik_cloud)");
        }
        SourceMode mode = modeKey == null ? null : "local".equals(modeKey) ? SourceMode.LOCAL : SourceMode.HIK_CLOUD;

        LocalSource local = mode == SourceMode.LOCAL ? local(tree, source) : null;
        String literalToken = null;
        HikCloudConfig hik = null;
        if (mode == SourceMode.HIK_CLOUD) {
            JsonNode node = tree.object(root, "", "hik_cloud", true);
            hik = hikCloud(tree, node, zone != null ? zone : ZoneId.of(JobConfig.DEFAULT_TIMEZONE));
            literalToken = tree.text(node, "hik_cloud", "access_token", null, false);
        }

        JsonNode output = tree.object(root, "", "output", true);
        tree.onlyKeys(output, "output", OUTPUT);
        String outputDir = tree.text(output, "output", "dir", null, output != null);

        JsonNode storage = tree.object(root, "", "storage", false);
        tree.onlyKeys(storage, "storage", STORAGE);
        String storageRoot = tree.text(storage, "storage", "root", null, false);
        if (storageRoot == null) {
            storageRoot = local != null ? local.inputDir() : outputDir;
        } else if (local != null && local.inputDir() != null && !within(storageRoot, local.inputDir())) {
            tree.problem("source.local.input_dir", "must be inside storage.root (" + storageRoot + ")");
        }

        AnalysisConfig analysis = analysis(tree, tree.object(root, "", "analysis", false));

        if (!tree.problems().isEmpty()) {
            throw new InvalidConfigException(tree.problems());
        }
        JobConfig job = new JobConfig(name, dryRun, mode, local, hik, timezone, outputDir, storageRoot, analysis);
        return new LoadedConfig(job, Optional.ofNullable(literalToken));
    }

    private static ZoneId zone(ConfigTree tree, String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            tree.problem("runtime.timezone", "unknown timezone '" + timezone + "' (use a region id such as Asia/Shanghai or UTC)");
            return null;
        }
    }

    private static LocalSource local(ConfigTree tree, JsonNode source) {
        JsonNode node = tree.object(source, "source", "local", true);
        tree.onlyKeys(node, "source.local", LOCAL);
        String inputDir = tree.text(node, "source.local", "input_dir", null, node != null);
        List<String> extensions = tree.strings(node, "source.local", "extensions", LocalSource.DEFAULT_EXTENSIONS).stream()
                .map(e -> (e.startsWith(".") ? e : "." + e).toLowerCase(java.util.Locale.ROOT))
                .toList();
        if (extensions.isEmpty()) {
            tree.problem("source.local.extensions", "must list at least one extension");
        }
        boolean recursive = tree.bool(node, "source.local", "recursive", true);
        return new LocalSource(inputDir, extensions, recursive);
    }

    private static HikCloudConfig hikCloud(ConfigTree tree, JsonNode node, ZoneId zone) {
        String at = "hik_cloud";
        tree.onlyKeys(node, at, HIK);
        String baseUrl = tree.text(node, at, "api_base_url", HikCloudConfig.DEFAULT_API_BASE_URL, false);
        if (!isHttpUrl(baseUrl)) {
            tree.problem(at + ".api_base_url", "must be an http(s) URL without query (was \"" + baseUrl + "\")");
        }
        String downloadPath = path(tree, node, at, "download_path", HikCloudConfig.DEFAULT_DOWNLOAD_PATH);
        String tokenPath = path(tree, node, at, "token_path", HikCloudConfig.DEFAULT_TOKEN_PATH);
        String tokenEnv = tree.text(node, at, "access_token_env", HikCloudConfig.DEFAULT_ACCESS_TOKEN_ENV, false);
        String clientIdEnv = tree.text(node, at, "client_id_env", null, false);
        String clientSecretEnv = tree.text(node, at, "client_secret_env", null, false);
        if ((clientIdEnv == null) != (clientSecretEnv == null)) {
            tree.problem(at + (clientIdEnv == null ? ".client_id_env" : ".client_secret_env"),
                    "is required when " + (clientIdEnv == null ? "client_secret_env" : "client_id_env") + " is set");
        }
        int chunkSeconds = tree.integer(node, at, "chunk_seconds", HikCloudConfig.DEFAULT_CHUNK_SECONDS, 1, HikCloudConfig.MAX_CHUNK_SECONDS);
        int timeout = tree.integer(node, at, "timeout_seconds", HikCloudConfig.DEFAULT_TIMEOUT_SECONDS, 1, 3600);
        int downloadTimeout = tree.integer(node, at, "download_timeout_seconds", HikCloudConfig.DEFAULT_DOWNLOAD_TIMEOUT_SECONDS, 1, 86400);
        return new HikCloudConfig(baseUrl, downloadPath, tokenPath, tokenEnv, clientIdEnv, clientSecretEnv, chunkSeconds,
                timeout, downloadTimeout, devices(tree, node), ranges(tree, node, zone));
    }

    private static String path(ConfigTree tree, JsonNode node, String at, String key, String fallback) {
        String value = tree.text(node, at, key, fallback, false);
        if (!value.startsWith("/") || value.contains("?")) {
            tree.problem(at + "." + key, "must be a path starting with '/' and without query (was \"" + value + "\")");
        }
        return value;
    }

    private static List<Device> devices(ConfigTree tree, JsonNode hik) {
        String at = "hik_cloud.devices";
        JsonNode list = tree.list(hik, "hik_cloud", "devices");
        if (list == null || list.isEmpty()) {
            if (hik != null && (list != null || ConfigTree.present(hik, "devices") == null)) {
                tree.problem(at, "must list at least one device");
            }
            return List.of();
        }
        List<Device> devices = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String item = at + "[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                tree.problem(item, "must be a mapping with device_serial and channel_no (was " + ConfigTree.describe(node) + ")");
                continue;
            }
            tree.onlyKeys(node, item, DEVICE);
            String serial = tree.text(node, item, "device_serial", null, true);
            if (serial != null && !SERIAL.matcher(serial).matches()) {
                tree.problem(item + ".device_serial", "may contain only letters, digits, '-' and '_' (was \"" + serial + "\")");
                serial = null;
            }
            int channel = tree.integer(node, item, "channel_no", 1, 1, 65535);
            String name = tree.text(node, item, "name", null, false);
            if (serial != null) {
                Integer previous = seen.putIfAbsent(serial + "/" + channel, i);
                if (previous != null) {
                    tree.problem(item, "duplicate device/channel " + serial + "/" + channel + " (also at " + at + "[" + previous + "])");
                }
                devices.add(new Device(serial, channel, name));
            }
        }
        return List.copyOf(devices);
    }

    private static List<TimeRange> ranges(ConfigTree tree, JsonNode hik, ZoneId zone) {
        String at = "hik_cloud.time_ranges";
        JsonNode list = tree.list(hik, "hik_cloud", "time_ranges");
        if (list == null || list.isEmpty()) {
            if (hik != null && (list != null || ConfigTree.present(hik, "time_ranges") == null)) {
                tree.problem(at, "must list at least one range with begin and end");
            }
            return List.of();
        }
        List<TimeRange> ranges = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String item = at + "[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                tree.problem(item, "must be a mapping with begin and end (was " + ConfigTree.describe(node) + ")");
                continue;
            }
            tree.onlyKeys(node, item, RANGE);
            Long begin = instant(tree, node, item, "begin", zone);
            Long end = instant(tree, node, item, "end", zone);
            if (begin != null && end != null) {
                if (end <= begin) {
                    tree.problem(item + ".end", "must be after begin (" + DateTimes.format(end, zone) + " <= "
                            + DateTimes.format(begin, zone) + ")");
                } else {
                    ranges.add(new TimeRange(begin, end));
                }
            }
        }
        return List.copyOf(ranges);
    }

    private static Long instant(ConfigTree tree, JsonNode range, String at, String key, ZoneId zone) {
        JsonNode node = ConfigTree.present(range, key);
        String path = at + "." + key;
        if (node == null) {
            tree.problem(path, "is required");
            return null;
        }
        if (node.isIntegralNumber()) {
            if (node.longValue() < 0) {
                tree.problem(path, "epoch seconds must not be negative (was " + node.longValue() + ")");
                return null;
            }
            return node.longValue();
        }
        if (!node.isTextual()) {
            tree.problem(path, "must be \"YYYY-MM-DD HH:MM:SS\", epoch seconds, or ISO-8601 with an offset (was "
                    + ConfigTree.describe(node) + ")");
            return null;
        }
        try {
            return DateTimes.parse(node.asText(), zone);
        } catch (IllegalArgumentException e) {
            tree.problem(path, e.getMessage());
            return null;
        }
    }

    private static AnalysisConfig analysis(ConfigTree tree, JsonNode node) {
        String at = "analysis";
        AnalysisConfig d = AnalysisConfig.defaults();
        tree.onlyKeys(node, at, ANALYSIS);
        return new AnalysisConfig(
                tree.number(node, at, "sample_fps", d.sampleFps(), 0, 30),
                tree.choice(node, at, "sampling", d.sampling(), List.of("auto", "exact", "keyframes")),
                tree.integer(node, at, "clip_seconds", d.clipSeconds(), 1, 3600),
                tree.choice(node, at, "device", d.device(), List.of(AnalysisConfig.DEVICE_AUTO, "cpu", "cuda")),
                tree.choice(node, at, "device_fallback", d.deviceFallback(), List.of("none", "cpu")),
                tree.integer(node, at, "decoder_threads", d.decoderThreads(), 0, 64),
                tree.integer(node, at, "max_duration_seconds", d.maxDurationSeconds(), 1, 86400),
                tree.bool(node, at, "save_frames", d.saveFrames()),
                model(tree, tree.object(node, at, "model", false)),
                masks(tree, node));
    }

    private static List<MaskConfig> masks(ConfigTree tree, JsonNode analysis) {
        JsonNode list = tree.list(analysis, "analysis", "masks");
        List<MaskConfig> masks = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = "analysis.masks[" + i + "]";
            JsonNode mask = list.get(i);
            if (!mask.isObject()) {
                tree.problem(at, "must be a mapping with device_serial and regions");
                continue;
            }
            tree.onlyKeys(mask, at, MASK);
            String serial = tree.text(mask, at, "device_serial", null, true);
            Integer channel = mask.has("channel_no") ? tree.integer(mask, at, "channel_no", 1, 1, 9999) : null;
            List<MaskConfig.Region> regions = new ArrayList<>();
            JsonNode given = tree.list(mask, at, "regions");
            if (given == null || given.isEmpty()) {
                tree.problem(at + ".regions", "is required: a list of {rect: [x, y, w, h]} or {polygon: [[x, y], ...]}");
            }
            for (int j = 0; given != null && j < given.size(); j++) {
                MaskConfig.Region region = region(tree, given.get(j), at + ".regions[" + j + "]");
                if (region != null) {
                    regions.add(region);
                }
            }
            if (serial != null) {
                masks.add(new MaskConfig(serial, channel, regions));
            }
        }
        return masks;
    }

    /** A rect (x, y, w, h) or a polygon (>= 3 points), every coordinate relative to the picture (0..1). */
    private static MaskConfig.Region region(ConfigTree tree, JsonNode node, String at) {
        if (!node.isObject() || node.has("rect") == node.has("polygon")) {
            tree.problem(at, "must have exactly one of rect: [x, y, w, h] or polygon: [[x, y], ...]");
            return null;
        }
        tree.onlyKeys(node, at, REGION);
        if (node.has("rect")) {
            List<Double> rect = fractions(tree, node.get("rect"), at + ".rect", 4);
            if (rect == null) {
                return null;
            }
            if (rect.get(2) <= 0 || rect.get(3) <= 0 || rect.get(0) + rect.get(2) > 1 + 1e-9 || rect.get(1) + rect.get(3) > 1 + 1e-9) {
                tree.problem(at + ".rect", "must be [x, y, width, height] with width, height > 0 inside the picture (x + width <= 1, y + height <= 1)");
                return null;
            }
            return new MaskConfig.Region(rect, null);
        }
        JsonNode points = node.get("polygon");
        if (!points.isArray() || points.size() < 3) {
            tree.problem(at + ".polygon", "must be a list of at least 3 points [x, y]");
            return null;
        }
        List<List<Double>> polygon = new ArrayList<>();
        for (int k = 0; k < points.size(); k++) {
            List<Double> point = fractions(tree, points.get(k), at + ".polygon[" + k + "]", 2);
            if (point == null) {
                return null;
            }
            polygon.add(point);
        }
        return new MaskConfig.Region(null, polygon);
    }

    private static List<Double> fractions(ConfigTree tree, JsonNode node, String at, int count) {
        if (!node.isArray() || node.size() != count) {
            tree.problem(at, "must be a list of " + count + " numbers between 0 and 1");
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isNumber() || n.asDouble() < 0 || n.asDouble() > 1) {
                tree.problem(at, "must be a list of " + count + " numbers between 0 and 1 (relative to the picture; was " + node + ")");
                return null;
            }
            values.add(n.asDouble());
        }
        return List.copyOf(values);
    }

    private static ModelConfig model(ConfigTree tree, JsonNode node) {
        String at = "analysis.model";
        ModelConfig d = ModelConfig.activity();
        tree.onlyKeys(node, at, MODEL);
        String name = tree.choice(node, at, "name", d.name(), List.of(ModelConfig.ACTIVITY, ModelConfig.DETECTOR));
        boolean detector = ModelConfig.DETECTOR.equals(name);
        String path = tree.text(node, at, "path", null, detector);
        int inputSize = tree.integer(node, at, "input_size", d.inputSize(), 32, 4096);
        if (inputSize % 32 != 0) {
            tree.problem(at + ".input_size", "must be a multiple of 32 (was " + inputSize + ")");
        }
        List<String> classNames = tree.strings(node, at, "class_names", d.classNames());
        List<String> classes = tree.strings(node, at, "classes", detector ? List.of("person") : d.classes());
        if (!classNames.isEmpty()) {
            for (String wanted : classes) {
                if (!classNames.contains(wanted)) {
                    tree.problem(at + ".classes", "'" + wanted + "' is not one of class_names");
                }
            }
        }
        return new ModelConfig(name, path, inputSize, classNames, classes,
                tree.number(node, at, "score_threshold", d.scoreThreshold(), 0, 1),
                tree.number(node, at, "iou_threshold", d.iouThreshold(), 0, 1),
                tree.integer(node, at, "batch_size", d.batchSize(), 1, 256));
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean within(String root, String child) {
        Path r = Path.of(root).toAbsolutePath().normalize();
        Path c = Path.of(child).toAbsolutePath().normalize();
        return c.startsWith(r);
    }
}
