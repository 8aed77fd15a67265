package io.vidsift.analyzer.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vidsift.analyzer.onnx.ActivityGraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Owns the ONNX Runtime sessions of one worker: creating a session costs far more than running it on a frame, so
 * each (model, device) pair is opened once and reused for every video. The activity graph is built in memory.
 */
public final class ModelSessions implements AutoCloseable {

    public static final String ACTIVITY_KEY = "activity";

    private final OrtEnvironment env;
    private final int intraOpThreads;
    private final Map<String, OrtSession> sessions = new HashMap<>();

    /** @param intraOpThreads ONNX Runtime threads per session; 0 lets ORT use every core. */
    public ModelSessions(OrtEnvironment env, int intraOpThreads) {
        this.env = env;
        this.intraOpThreads = intraOpThreads;
    }

    public OrtEnvironment environment() {
        return env;
    }

    public synchronized OrtSession activity(InferenceDevice device) throws OrtException {
        return open(ACTIVITY_KEY, device, () -> ActivityGraph.build());
    }

    public synchronized OrtSession file(Path model, InferenceDevice device) throws OrtException {
        if (!Files.isRegularFile(model)) {
            throw new OrtException("analysis.model.path: model file not found: " + model.getFileName());
        }
        return open(model.toAbsolutePath().toString(), device, () -> Files.readAllBytes(model));
    }

    private interface ModelBytes {
        byte[] read() throws Exception;
    }

    private OrtSession open(String key, InferenceDevice device, ModelBytes bytes) throws OrtException {
        String cacheKey = device.key() + "|" + key;
        OrtSession session = sessions.get(cacheKey);
        if (session == null) {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                // Between runs this thread decodes and converts frames; spinning ORT workers would take the cores
                // that work needs (measured by bench/inference).
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                if (intraOpThreads > 0) {
                    options.setIntraOpNumThreads(intraOpThreads);
                }
                if (device == InferenceDevice.CUDA) {
                    options.addCUDA(0);
                }
                session = env.createSession(bytes.read(), options);
            } catch (OrtException e) {
                throw e;
            } catch (Exception e) {
                throw new OrtException("cannot load model: " + e.getMessage());
            }
            sessions.put(cacheKey, session);
        }
        return session;
    }

    @Override
    public synchronized void close() {
        for (OrtSession session : sessions.values()) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // Shutting down: nothing to recover.
            }
        }
        sessions.clear();
    }
}
