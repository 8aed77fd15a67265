package io.vidsift.analyzer.frames;

/** Receives each sampled frame during decoding. An exception stops sampling and is reported as the sink's failure. */
@FunctionalInterface
public interface FrameSink {

    void accept(SampledFrame frame) throws Exception;
}
