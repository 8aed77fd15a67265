package io.vidsift.downloader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Caps how many chunks of one device channel this instance works on at once, so one camera with a long backlog
 * cannot take every download slot (and cloud storage per device is often throttled anyway).
 */
public final class DeviceSlots {

    /** Held while working on a device; closing gives the slot back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int perDevice;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    public DeviceSlots(int perDevice) {
        this.perDevice = perDevice;
    }

    public Slot acquire(String deviceSerial, int channelNo) throws InterruptedException {
        if (perDevice <= 0) {
            return () -> { };
        }
        Semaphore semaphore = slots.computeIfAbsent(deviceSerial + "/" + channelNo, k -> new Semaphore(perDevice, true));
        semaphore.acquire();
        return semaphore::release;
    }
}
