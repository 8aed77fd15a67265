package io.vidsift.analyzer.quarkus;

import ai.onnxruntime.OrtEnvironment;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.DeviceUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up on this CPU-only machine (and the CPU ONNX Runtime build): cuda is refused unless falling back. */
class DeviceCheckTest {

    @Test
    void cudaWithoutCudaStopsStartUpWithAClearMessage() {
        DeviceCheck check = new DeviceCheck(settings("cuda", "none"), new DeviceSupport(OrtEnvironment.getEnvironment()));

        assertThatThrownBy(() -> check.check(null))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("vidsift.analyzer.device is cuda")
                .hasMessageContaining("-Pcuda")
                .hasMessageContaining("VIDSIFT_ANALYZER_DEVICE_FALLBACK");
        assertThat(check.check().up()).isFalse();
        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(io.quarkus.runtime.configuration.ConfigurationException.class)
                .hasMessageContaining("vidsift.analyzer.device is cuda");
    }

    @Test
    void cudaWithCpuFallbackStartsOnCpu() throws Exception {
        DeviceCheck check = new DeviceCheck(settings("cuda", "cpu"), new DeviceSupport(OrtEnvironment.getEnvironment()));

        check.check(null);

        assertThat(check.check().up()).isTrue();
        assertThat(check.check().detail()).isEqualTo("cpu");
    }

    @Test
    void autoIsAJobSettingNotAWorkers() {
        DeviceCheck check = new DeviceCheck(settings("auto", "none"), new DeviceSupport(OrtEnvironment.getEnvironment()));

        assertThatThrownBy(() -> check.check(null)).hasMessageContaining("vidsift.analyzer.device must be cpu or cuda");
    }

    @Test
    void unknownDeviceIsRefused() {
        DeviceCheck check = new DeviceCheck(settings("tpu", "none"), new DeviceSupport(OrtEnvironment.getEnvironment()));

        assertThatThrownBy(() -> check.check(null)).hasMessageContaining("vidsift.analyzer.device must be cpu or cuda");
    }

    private static AnalyzerSettings settings(String device, String fallback) {
        return new AnalyzerSettings() {
            @Override
            public Storage storage() {
                return () -> "storage";
            }

            @Override
            public Analyzer analyzer() {
                return new Analyzer() {
                    @Override
                    public String device() {
                        return device;
                    }

                    @Override
                    public String deviceFallback() {
                        return fallback;
                    }

                    @Override
                    public int decodeSegments() {
                        return 0;
                    }

                    @Override
                    public int inferenceThreads() {
                        return 0;
                    }

                    @Override
                    public java.util.Optional<String> cacheDir() {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public int cpus() {
                        return 0;
                    }

                    @Override
                    public java.time.Duration storageBackoffMax() {
                        return java.time.Duration.ofSeconds(15);
                    }

                    @Override
                    public java.time.Duration storageDeadline() {
                        return java.time.Duration.ofHours(6);
                    }

                    @Override
                    public Gate detectorGate() {
                        return new Gate() {
                            @Override
                            public double activity() {
                                return 0.001;
                            }

                            @Override
                            public double marginSeconds() {
                                return 2;
                            }
                        };
                    }

                    @Override
                    public int pipelineDepth() {
                        return 2;
                    }
                };
            }
        };
    }
}
