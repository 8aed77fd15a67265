package io.vidsift.common.config;

import java.util.List;

/** {@code source.local}: folder discovery of existing video files. */
public record LocalSource(String inputDir, List<String> extensions, boolean recursive) {

    public static final List<String> DEFAULT_EXTENSIONS = List.of(".mp4", ".mov", ".mkv", ".avi");
}
