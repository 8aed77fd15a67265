package io.vidsift.common.time;

import io.vidsift.common.config.Device;

/** One planned request to the download API: a device channel and {@code [begin, end)} in epoch seconds. */
public record Chunk(Device device, int rangeIndex, int indexInRange, long begin, long end) {

    public long seconds() {
        return end - begin;
    }
}
