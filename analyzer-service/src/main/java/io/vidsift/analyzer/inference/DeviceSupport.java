package io.vidsift.analyzer.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which device a job gets. Precedence: a job's {@code analysis.device: cpu | cuda} forces that device (with
 * the job's {@code device_fallback} when CUDA is unusable); a job's {@code auto} (its default) takes the worker's
 * own {@code vidsift.analyzer.device} (with the worker's {@code device-fallback}), so a GPU worker runs jobs that
 * state no preference on CUDA. CUDA needs the onnxruntime_gpu build (Maven profile {@code cuda}, the GPU image)
 * and a working CUDA/cuDNN runtime; both are checked once by really opening a CUDA session, because the GPU build
 * lists the CUDA provider even on machines without a GPU.
 */
public final class DeviceSupport {

    private final Supplier<Optional<String>> cudaProbe;
    private final InferenceDevice workerDevice;
    private final String workerFallback;
    private Optional<String> cudaProblem;

    /** A CPU worker. */
    public DeviceSupport(OrtEnvironment env) {
        this(env, InferenceDevice.CPU, "none");
    }

    /** @param workerDevice what {@code auto} jobs get: the worker's {@code vidsift.analyzer.device} (cpu or cuda) */
    public DeviceSupport(OrtEnvironment env, InferenceDevice workerDevice, String workerFallback) {
        this(() -> probeCuda(env), workerDevice, workerFallback);
    }

    /** For tests: a probe that answers the CUDA problem (empty when CUDA works). */
    public DeviceSupport(Supplier<Optional<String>> cudaProbe) {
        this(cudaProbe, InferenceDevice.CPU, "none");
    }

    public DeviceSupport(Supplier<Optional<String>> cudaProbe, InferenceDevice workerDevice, String workerFallback) {
        if (workerDevice == InferenceDevice.AUTO) {
            throw new IllegalArgumentException("a worker's device is cpu or cuda, not auto");
        }
        this.cudaProbe = cudaProbe;
        this.workerDevice = workerDevice;
        this.workerFallback = workerFallback;
    }

    /** The device a job's setting names before any check (for records of videos that never reached the model). */
    public String named(String jobDevice) {
        try {
            InferenceDevice d = InferenceDevice.parse(jobDevice);
            return (d == InferenceDevice.AUTO ? workerDevice : d).key();
        } catch (IllegalArgumentException e) {
            return jobDevice;
        }
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
        if (requested == InferenceDevice.AUTO) {
            return resolve(workerDevice, workerFallback, "vidsift.analyzer.device", "vidsift.analyzer.device-fallback");
        }
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
