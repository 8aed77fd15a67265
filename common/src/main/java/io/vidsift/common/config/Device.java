package io.vidsift.common.config;

/** One camera channel on Hik Cloud. {@code name} is a human label and may be null. */
public record Device(String deviceSerial, int channelNo, String name) {
}
