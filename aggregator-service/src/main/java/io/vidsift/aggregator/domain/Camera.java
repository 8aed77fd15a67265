package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.CloudWindow;

import java.util.Comparator;
import java.util.Objects;

/** One device channel; local-mode videos have no camera and share {@link #LOCAL}. */
public record Camera(String deviceSerial, Integer channelNo, String name) implements Comparable<Camera> {

    public static final Camera LOCAL = new Camera(null, null, "local");

    private static final Comparator<Camera> ORDER = Comparator
            .comparing(Camera::deviceSerial, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Camera::channelNo, Comparator.nullsLast(Comparator.naturalOrder()));

    public static Camera of(CloudWindow window) {
        return window == null ? LOCAL : new Camera(window.deviceSerial(), window.channelNo(), window.deviceName());
    }

    public boolean sameChannel(Camera other) {
        return Objects.equals(deviceSerial, other.deviceSerial) && Objects.equals(channelNo, other.channelNo);
    }

    public boolean holds(CloudWindow window) {
        return window == null ? deviceSerial == null
                : Objects.equals(deviceSerial, window.deviceSerial()) && Objects.equals(channelNo, window.channelNo());
    }

    /** "DEV1/ch1 (store-front)", for charts and tables. */
    public String label() {
        if (deviceSerial == null) {
            return name;
        }
        return deviceSerial + "/ch" + channelNo + (name == null || name.isBlank() ? "" : " (" + name + ")");
    }

    @Override
    public int compareTo(Camera other) {
        return ORDER.compare(this, other);
    }
}
