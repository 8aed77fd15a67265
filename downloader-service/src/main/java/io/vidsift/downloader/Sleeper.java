package io.vidsift.downloader;

import java.time.Duration;

/** Waiting, as a seam: unit tests record the waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
