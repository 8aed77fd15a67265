package io.vidsift.planner;

/**
 * How big a job may be. Each limit is named in the refusal by its setting (under {@code vidsift.planner.limits}),
 * so an operator who meets one knows what to raise. The defaults are in the service's PlannerConfig.
 * {@code maxRecordBytes} bounds one record the planner writes; a device list bigger than that goes in parts
 * ({@link DeviceParts}).
 */
public record IntakeLimits(int maxBodyBytes, int maxDepth, int maxDevices, int maxRanges, long maxChunks, int maxRecordBytes) {

    /** How a refusal names a limit: its setting. */
    static String setting(String name) {
        return "vidsift.planner.limits." + name;
    }
}
