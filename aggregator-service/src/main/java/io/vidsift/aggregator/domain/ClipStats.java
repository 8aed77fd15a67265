package io.vidsift.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.vidsift.common.messages.ClipSums;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the clips of one video that start in one hour add to that hour: how many, activity sum/count/max, and per
 * detector class the largest count and the sum of clip means. Sums, so that hours add videos up in O(1).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class ClipStats {

    long clips;
    double activitySum;
    long activityCount;
    Double activityMax;
    TreeMap<String, ClassSum> classes = new TreeMap<>();

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    public static final class ClassSum {
        int max;
        double meanSum;
        long count;

        public int max() {
            return max;
        }

        public double meanSum() {
            return meanSum;
        }

        public long count() {
            return count;
        }
    }

    /** Adds the sums of a period's clips (the analyzer's quarter hours, or an hour summed from the rows). */
    void add(ClipSums sums) {
        clips += sums.clips();
        activitySum += sums.activitySum();
        activityCount += sums.activityCount();
        if (sums.activityMax() != null) {
            activityMax = activityMax == null ? sums.activityMax() : Math.max(activityMax, sums.activityMax());
        }
        if (sums.classes() != null) {
            sums.classes().forEach((name, theirs) -> {
                ClassSum sum = classes.computeIfAbsent(name, k -> new ClassSum());
                sum.max = sum.count == 0 ? theirs.max() : Math.max(sum.max, theirs.max());
                sum.meanSum += theirs.meanSum();
                sum.count += theirs.count();
            });
        }
    }

    /** Adds another contribution into this one (when an hour's videos are summed for the summary). */
    public void add(ClipStats other) {
        clips += other.clips;
        activitySum += other.activitySum;
        activityCount += other.activityCount;
        if (other.activityMax != null) {
            activityMax = activityMax == null ? other.activityMax : Math.max(activityMax, other.activityMax);
        }
        other.classes.forEach((name, theirs) -> {
            ClassSum sum = classes.computeIfAbsent(name, k -> new ClassSum());
            sum.max = sum.count == 0 ? theirs.max : Math.max(sum.max, theirs.max);
            sum.meanSum += theirs.meanSum;
            sum.count += theirs.count;
        });
    }

    public long clips() {
        return clips;
    }

    public Double activityMean() {
        return activityCount == 0 ? null : activitySum / activityCount;
    }

    public Double activityMax() {
        return activityMax;
    }

    public Map<String, ClassSum> classes() {
        return classes;
    }
}
