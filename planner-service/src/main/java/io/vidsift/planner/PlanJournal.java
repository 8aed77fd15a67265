package io.vidsift.planner;

import java.util.List;

/** Where plan progress is kept durably (the {@code vidsift.plans} topic in the service). */
public interface PlanJournal {

    /** Returns once the entry is durable; throws when it could not be made so. */
    void write(PlanProgress entry);

    /** Drops the entry of a key (a tombstone): a published plan's cursor, an expired plan. */
    void forget(String key);

    /** The latest entry of every key, oldest first. */
    List<PlanProgress> readAll();
}
