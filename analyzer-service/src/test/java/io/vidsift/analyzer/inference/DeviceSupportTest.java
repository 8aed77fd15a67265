package io.vidsift.analyzer.inference;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which device a job gets: the job's cpu/cuda forces it, its auto (the default) takes the worker's own setting. */
class DeviceSupportTest {

    private static final DeviceSupport GPU_WORKER = new DeviceSupport(Optional::empty, InferenceDevice.CUDA, "none");
    private static final DeviceSupport CPU_WORKER_WITH_GPU = new DeviceSupport(Optional::empty, InferenceDevice.CPU, "none");

    @Test
    void aGpuWorkerRunsJobsWithoutAPreferenceOnCuda() throws Exception {
        assertThat(GPU_WORKER.resolve(InferenceDevice.parse("auto"), "none")).isEqualTo(InferenceDevice.CUDA);
        assertThat(GPU_WORKER.resolve(InferenceDevice.parse(null), "none")).isEqualTo(InferenceDevice.CUDA);
        assertThat(GPU_WORKER.named("auto")).isEqualTo("cuda");
    }

    @Test
    void theJobForcesADeviceWhenItNamesOne() throws Exception {
        assertThat(GPU_WORKER.resolve(InferenceDevice.CPU, "none")).isEqualTo(InferenceDevice.CPU);
        assertThat(CPU_WORKER_WITH_GPU.resolve(InferenceDevice.CUDA, "none")).isEqualTo(InferenceDevice.CUDA);
        assertThat(CPU_WORKER_WITH_GPU.resolve(InferenceDevice.AUTO, "none")).isEqualTo(InferenceDevice.CPU);
        assertThat(GPU_WORKER.named("cpu")).isEqualTo("cpu");
        assertThat(GPU_WORKER.named("tpu")).isEqualTo("tpu");
    }

    @Test
    void autoOnAWorkerWithoutCudaFollowsTheWorkersFallbackNotTheJobs() throws Exception {
        DeviceSupport fallsBack = new DeviceSupport(() -> Optional.of("no GPU"), InferenceDevice.CUDA, "cpu");
        DeviceSupport refuses = new DeviceSupport(() -> Optional.of("no GPU"), InferenceDevice.CUDA, "none");

        assertThat(fallsBack.resolve(InferenceDevice.AUTO, "none")).isEqualTo(InferenceDevice.CPU);
        assertThatThrownBy(() -> refuses.resolve(InferenceDevice.AUTO, "cpu"))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("vidsift.analyzer.device is cuda");
        assertThatThrownBy(() -> refuses.resolve(InferenceDevice.CUDA, "none"))
                .hasMessageContaining("analysis.device is cuda");
    }

    @Test
    void aWorkerIsNeverAuto() {
        assertThatThrownBy(() -> new DeviceSupport(Optional::empty, InferenceDevice.AUTO, "none"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
