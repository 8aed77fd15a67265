package io.vidsift.common.time;

import io.vidsift.common.config.Device;
import io.vidsift.common.config.TimeRange;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Splits every (device, range) pair into consecutive chunks of at most {@code chunkSeconds}; the last chunk of a
 * range may be shorter. Iteration is lazy: only the current position is held, so 10,000 devices x 30 days is
 * planned in constant memory.
 */
public final class ChunkPlan implements Iterable<Chunk> {

    private final List<Device> devices;
    private final List<TimeRange> ranges;
    private final int chunkSeconds;

    public ChunkPlan(List<Device> devices, List<TimeRange> ranges, int chunkSeconds) {
        if (chunkSeconds < 1) {
            throw new IllegalArgumentException("chunkSeconds must be >= 1, was " + chunkSeconds);
        }
        this.devices = List.copyOf(devices);
        this.ranges = List.copyOf(ranges);
        this.chunkSeconds = chunkSeconds;
    }

    /** Number of chunks, computed without iterating. */
    public long size() {
        long perDevice = 0;
        for (TimeRange range : ranges) {
            perDevice += chunksIn(range, chunkSeconds);
        }
        return perDevice * devices.size();
    }

    public static long chunksIn(TimeRange range, int chunkSeconds) {
        return (range.seconds() + chunkSeconds - 1) / chunkSeconds;
    }

    @Override
    public Iterator<Chunk> iterator() {
        return new Iterator<>() {
            private int device;
            private int range;
            private int index;
            private long cursor = ranges.isEmpty() ? 0 : ranges.get(0).begin();

            @Override
            public boolean hasNext() {
                return device < devices.size() && !ranges.isEmpty();
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TimeRange current = ranges.get(range);
                long end = Math.min(current.end(), cursor + chunkSeconds);
                Chunk chunk = new Chunk(devices.get(device), range, index, cursor, end);
                advance(current, end);
                return chunk;
            }

            private void advance(TimeRange current, long end) {
                if (end < current.end()) {
                    cursor = end;
                    index++;
                    return;
                }
                index = 0;
                range++;
                if (range == ranges.size()) {
                    range = 0;
                    device++;
                }
                cursor = ranges.get(range).begin();
            }
        };
    }
}
