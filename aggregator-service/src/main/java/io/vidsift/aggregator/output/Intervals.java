package io.vidsift.aggregator.output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Half-open [begin, end) spans of epoch seconds; merged so that overlapping reports are not counted twice. */
record Intervals(List<long[]> spans) {

    static Intervals merge(List<long[]> raw) {
        List<long[]> sorted = new ArrayList<>(raw.stream().filter(s -> s[1] > s[0]).toList());
        sorted.sort(Comparator.comparingLong(s -> s[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] span : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(new long[]{span[0], span[1]});
            }
        }
        return new Intervals(merged);
    }

    long seconds() {
        return spans.stream().mapToLong(s -> s[1] - s[0]).sum();
    }

    long overlap(long begin, long end) {
        long total = 0;
        for (long[] s : spans) {
            total += Math.max(0, Math.min(end, s[1]) - Math.max(begin, s[0]));
        }
        return total;
    }
}
