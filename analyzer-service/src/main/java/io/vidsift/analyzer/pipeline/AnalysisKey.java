package io.vidsift.analyzer.pipeline;

import io.vidsift.analyzer.onnx.ActivityGraph;
import io.vidsift.common.config.AnalysisConfig;
import io.vidsift.common.config.ModelConfig;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.messages.VideoReady;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two analyses the same, as one sha256: the video's content (not its name or job), the job's analysis
 * settings with every default filled in, the model (the detector file's sha256, or the generated activity graph's),
 * the cloud window (it sets the frame cap and the clips' wall-clock times), and this worker: the analyzer build
 * (its jar's sha256, so any new build starts a fresh cache) and the worker settings that change results (decoder
 * segments decide which frames get an activity score; the worker's device serves jobs whose device is auto; the
 * detector gate decides which frames the detector sees).
 */
public final class AnalysisKey {

    /** Bumped when the entry layout or the meaning of the key changes. */
    static final String VERSION = "2";

    private final StorageLayout storage;
    private final MessageCodec codec;
    private final String worker;
    private String activityModel;

    /** @param worker what identifies this worker's results beyond the job: see {@link #worker(Class, int)} */
    public AnalysisKey(StorageLayout storage, MessageCodec codec, String worker) {
        this.storage = storage;
        this.codec = codec;
        this.worker = worker;
    }

    /**
     * The build of the jar holding {@code analyzerClass} (its sha256; "classes" when run from a classes folder) and
     * {@code settings}, the worker's result-changing settings in any stable spelling.
     */
    public static String worker(Class<?> analyzerClass, String settings) {
        String build;
        try {
            Path location = Path.of(analyzerClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            build = Files.isRegularFile(location) ? sha256(location) : "classes";
        } catch (IOException | URISyntaxException | RuntimeException e) {
            build = "unknown";
        }
        return build + "/" + settings;
    }

    String worker() {
        return worker;
    }

    String of(VideoReady video, AnalysisConfig settings) throws IOException {
        String content = sha256(storage.resolve(video.path()));
        String text = String.join("\n", VERSION, content, codec.write(settings), model(settings.model()), window(video.window()), worker);
        return hex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String model(ModelConfig model) throws IOException {
        if (ModelConfig.DETECTOR.equals(model.name())) {
            if (model.path() == null) {
                throw new IOException("no model path");
            }
            Path path = Path.of(model.path());
            return sha256(path.isAbsolute() ? path : storage.resolve(model.path()));
        }
        synchronized (this) {
            if (activityModel == null) {
                activityModel = hex(digest().digest(ActivityGraph.build()));
            }
            return activityModel;
        }
    }

    private static String window(CloudWindow window) {
        return window == null ? "-" : window.actualBegin() + ".." + window.actualEnd();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
