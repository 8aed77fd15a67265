package io.vidsift.aggregator.domain;

import io.vidsift.common.messages.ClipResult;

import java.io.IOException;
import java.util.function.Consumer;

/** Streams the clip rows of a schema 2 analysis from its JSONL file (relative to the storage root), in file order. */
@FunctionalInterface
public interface ClipSource {

    void read(String clipsPath, Consumer<ClipResult> each) throws IOException;
}
