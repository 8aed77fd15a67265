package io.vidsift.common.messages;

/**
 * The cloud metadata of a chunk that travels from plan to results: which camera, what was asked for and what the
 * API said it returned (epoch seconds; actual times are null until the address is known, and in local mode).
 */
public record CloudWindow(
        String deviceSerial,
        int channelNo,
        String deviceName,
        long requestedBegin,
        long requestedEnd,
        Long actualBegin,
        Long actualEnd) {

    public CloudWindow withActual(Long actualBegin, Long actualEnd) {
        return new CloudWindow(deviceSerial, channelNo, deviceName, requestedBegin, requestedEnd, actualBegin, actualEnd);
    }
}
