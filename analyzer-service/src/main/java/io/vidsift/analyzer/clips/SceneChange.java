package io.vidsift.analyzer.clips;

import io.vidsift.analyzer.inference.FrameScore;

/**
 * Tells a scene change from activity. Something moving changes part of the picture; an IR day/night switch (grey
 * and brighter), an exposure step or the lights going on change most of it at once. Such a frame is reported as a
 * {@code scene_change} and kept out of its clip's activity, so dusk, dawn and cloud shadows are not the busiest
 * moments of the day. The frame after it is compared with the new scene and scores normally.
 * <p>
 * The rule: at least {@link #CHANGED_FRACTION} of the picture changed, spread over at least
 * {@link #CHANGED_CELLS} of the activity grid's cells (each with at least {@link #CELL_FRACTION} of its area
 * changed). A person close to the lens fills a region, rarely three quarters of the cells at once.
 */
public final class SceneChange {

    public static final double CHANGED_FRACTION = 0.5;
    public static final double CHANGED_CELLS = 0.75;
    public static final double CELL_FRACTION = 0.25;

    private SceneChange() {
    }

    public static boolean is(FrameScore frame) {
        if (frame.activity() == null || frame.activity() < CHANGED_FRACTION) {
            return false;
        }
        float[] grid = frame.grid();
        if (grid == null || grid.length == 0) {
            return false; // without the grid the spread cannot be told: treated as activity, as before
        }
        int changed = 0;
        for (float cell : grid) {
            if (cell >= CELL_FRACTION) {
                changed++;
            }
        }
        return changed >= CHANGED_CELLS * grid.length;
    }
}
