package io.vidsift.aggregator;

import java.util.function.Consumer;

/**
 * Everything the aggregator's topics hold, from the beginning up to now, as decoded messages. Replaying it into a
 * fresh ledger is how the aggregator recovers its state after a restart; records that cannot be decoded are
 * skipped here (the live consumer dead-letters them).
 */
@FunctionalInterface
public interface History {

    void replay(Consumer<Object> sink);
}
