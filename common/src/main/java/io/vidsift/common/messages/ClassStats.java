package io.vidsift.common.messages;

/** Per-clip statistics of one detector class: the largest and the mean count over the clip's frames. */
public record ClassStats(int max, double mean) {
}
