package io.vidsift.analyzer.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which device a job gets. CUDA needs the onnxruntime_gpu build (Maven profile {@code cuda}, the GPU image)
 * and a working CUDA/cuDNN runtime; both are checked once by really opening a CUDA session, because the GPU build
 * lists the CUDA provider even on machines without a GPU.
 */
public final class DeviceSupport {

    private final Supplier<Optional<String>> cudaProbe;
    private Optional<String> cudaProblem;

    public DeviceSupport(OrtEnvironment env) {
        this(() -> probeCuda(env));
    }

    /** For tests: a probe that answers the CUDA problem (empty when CUDA works). */
    public DeviceSupport(Supplier<Optional<String>> cudaProbe) {
        this.cudaProbe = cudaProbe;
    }

    /**
     * @param fallback {@code cpu} to run on CPU when CUDA is missing, {@code none} (or null) to refuse
     * @throws DeviceUnavailableException naming the setting and what is missing
     */
    public InferenceDevice resolve(InferenceDevice requested, String fallback) throws DeviceUnavailableException {
        return resolve(requested, fallback, "analysis.device", "analysis.device_fallback");
    }

    /** The same, naming the worker's own settings in the message (they differ from the job's). */
    public synchronized InferenceDevice resolve(InferenceDevice requested, String fallback, String deviceKey, String fallbackKey)
            throws DeviceUnavailableException {
        if (requested == InferenceDevice.CPU) {
            return InferenceDevice.CPU;
        }
        if (cudaProblem == null) {
            cudaProblem = cudaProbe.get();
        }
        if (cudaProblem.isEmpty()) {
            return InferenceDevice.CUDA;
        }
        if ("cpu".equalsIgnoreCase(fallback)) {
            return InferenceDevice.CPU;
        }
        throw new DeviceUnavailableException(deviceKey + " is cuda but " + cudaProblem.get()
                + "; run the GPU image (onnxruntime_gpu, -Pcuda) on a node with an NVIDIA GPU, or set " + fallbackKey + ": cpu");
    }

    static Optional<String> probeCuda(OrtEnvironment env) {
        EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
        if (!providers.contains(OrtProvider.CUDA)) {
            return Optional.of("this ONNX Runtime build has no CUDA provider (providers: " + providers + ")");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(0);
            try (OrtSession ignored = env.createSession(io.vidsift.analyzer.onnx.ActivityGraph.build(), options)) {
                return Optional.empty();
            }
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            return Optional.of("CUDA is not usable here (" + e.getMessage() + ")");
        }
    }
}
