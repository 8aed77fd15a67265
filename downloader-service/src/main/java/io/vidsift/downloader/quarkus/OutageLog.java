package io.vidsift.downloader.quarkus;

import io.vidsift.downloader.OutageGate;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/** One line when an area pauses and one when it heals; the chunks in between log at debug level only. */
final class OutageLog implements OutageGate.Listener {

    private static final Logger LOG = Logger.getLogger(OutageLog.class);

    @Override
    public void closed(OutageGate.Outage outage) {
        LOG.warnf("paused: %s. Chunks wait (one probe per backoff interval), none is recorded as failed; readiness is DOWN"
                + " until it heals", outage.describe());
    }

    @Override
    public void opened(OutageGate.Outage outage) {
        LOG.infof("resumed: %s %s works again after %s", outage.area().name().toLowerCase(java.util.Locale.ROOT), outage.where(),
                Duration.between(outage.since(), Instant.now()));
    }
}
