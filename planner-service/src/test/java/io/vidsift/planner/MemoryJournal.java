package io.vidsift.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A journal kept in a list, read back the way the compacted topic is: the latest entry per key, first-seen order. */
final class MemoryJournal implements PlanJournal {

    private final List<Map.Entry<String, PlanProgress>> log = new ArrayList<>();
    private volatile RuntimeException failure;

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public synchronized void write(PlanProgress entry) {
        if (failure != null) {
            throw failure;
        }
        log.add(Map.entry(entry.key(), entry));
    }

    @Override
    public synchronized void forget(String key) {
        log.add(new java.util.AbstractMap.SimpleEntry<>(key, null));
    }

    @Override
    public synchronized List<PlanProgress> readAll() {
        Map<String, PlanProgress> latest = new LinkedHashMap<>();
        for (Map.Entry<String, PlanProgress> entry : log) {
            if (entry.getValue() == null) {
                latest.remove(entry.getKey());
            } else {
                latest.put(entry.getKey(), entry.getValue());
            }
        }
        return List.copyOf(latest.values());
    }

    synchronized List<PlanProgress> entries() {
        return log.stream().map(Map.Entry::getValue).filter(java.util.Objects::nonNull).toList();
    }
}
