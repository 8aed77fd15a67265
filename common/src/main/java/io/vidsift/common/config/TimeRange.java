package io.vidsift.common.config;

/** A requested recording range in epoch seconds, {@code begin < end}. */
public record TimeRange(long begin, long end) {

    public TimeRange {
        if (end <= begin) {
            throw new IllegalArgumentException("end " + end + " must be after begin " + begin);
        }
    }

    public long seconds() {
        return end - begin;
    }
}
