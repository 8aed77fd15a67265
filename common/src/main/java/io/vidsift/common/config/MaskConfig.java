package io.vidsift.common.config;

import java.util.List;

/**
 * {@code analysis.masks[]}: parts of a camera's picture the analysis ignores (burned-in OSD text, trees in the wind,
 * a busy road). {@code deviceSerial} names the camera ({@code "*"}: every camera and local files), {@code channelNo}
 * its channel (null: every channel). Coordinates are relative to the picture, 0..1 from the top-left corner, so
 * one mask fits every stream resolution of the camera.
 */
public record MaskConfig(String deviceSerial, Integer channelNo, List<Region> regions) {

    public static final String EVERY_CAMERA = "*";

    public MaskConfig {
        regions = List.copyOf(regions);
    }

    /**
     * One masked region: a rectangle ({@code rect}: x, y, width, height) or a polygon ({@code polygon}: [[x, y], ...],
     * at least three points); exactly one of them is set.
     */
    public record Region(List<Double> rect, List<List<Double>> polygon) {
    }

    public boolean appliesTo(String serial, Integer channel) {
        boolean device = EVERY_CAMERA.equals(deviceSerial) || deviceSerial.equals(serial);
        return device && (channelNo == null || channelNo.equals(channel));
    }
}
