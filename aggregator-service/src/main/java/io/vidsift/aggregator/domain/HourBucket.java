package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.util.Map;
import java.util.TreeMap;

/**
 * One local hour of one camera: seconds of it downloaded and analyzed, and per video the clips that start in it.
 * Clip figures are kept per video (a camera-hour holds a handful of videos), so that a re-analysed video replaces
 * its own contribution, maxima included, in O(1).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class HourBucket {

    long downloadedSeconds;
    long analyzedSeconds;
    TreeMap<String, ClipStats> videos = new TreeMap<>();

    public long downloadedSeconds() {
        return downloadedSeconds;
    }

    public long analyzedSeconds() {
        return analyzedSeconds;
    }

    /** The hour's clips over all its videos, summed in video id order (so the same state gives the same figures). */
    public ClipStats clips() {
        ClipStats total = new ClipStats();
        videos.values().forEach(total::add);
        return total;
    }

    boolean empty() {
        return downloadedSeconds == 0 && analyzedSeconds == 0 && videos.isEmpty();
    }

    Map<String, ClipStats> videos() {
        return videos;
    }
}
