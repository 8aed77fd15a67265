package io.vidsift.analyzer.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vidsift.analyzer.inference.DeviceSupport;
import io.vidsift.analyzer.inference.DeviceUnavailableException;
import io.vidsift.analyzer.inference.InferenceDevice;
import io.vidsift.service.HealthCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Refuses to start a worker deployed for CUDA where CUDA is unusable: failing at start-up (CrashLoopBackOff, a
 * clear log line) is better than consuming videos and failing each one. Reports the device on /q/health/ready.
 */
@ApplicationScoped
public class DeviceCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DeviceCheck.class);

    private final AnalyzerSettings settings;
    private final DeviceSupport devices;
    private volatile InferenceDevice device;

    public DeviceCheck(AnalyzerSettings settings, DeviceSupport devices) {
        this.settings = settings;
        this.devices = devices;
    }

    /** Runs before the Kafka channels start (lowest priority first), so a refused worker never takes a record. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        try {
            check(event);
        } catch (DeviceUnavailableException e) {
            // Quarkus reports a ConfigurationException as a configuration error: the message, without a stack trace.
            throw new ConfigurationException(e.getMessage());
        }
    }

    void check(StartupEvent event) throws DeviceUnavailableException {
        InferenceDevice requested;
        try {
            requested = InferenceDevice.parse(settings.analyzer().device());
            if (requested == InferenceDevice.AUTO) {
                throw new IllegalArgumentException("auto is a job's setting");
            }
        } catch (IllegalArgumentException e) {
            throw new DeviceUnavailableException("vidsift.analyzer.device must be cpu or cuda (was '" + settings.analyzer().device() + "')");
        }
        device = devices.resolve(requested, settings.analyzer().deviceFallback(), "vidsift.analyzer.device",
                "vidsift.analyzer.device-fallback (VIDSIFT_ANALYZER_DEVICE_FALLBACK)");
        if (device != requested) {
            LOG.warnf("vidsift.analyzer.device is %s but it is not usable here; running on %s (device-fallback)", requested.key(), device.key());
        } else {
            LOG.infof("inference device: %s", device.key());
        }
    }

    @Override
    public String name() {
        return "inference-device";
    }

    @Override
    public Status check() {
        InferenceDevice d = device;
        return d == null ? Status.down("device not checked yet") : Status.up(d.key());
    }
}
