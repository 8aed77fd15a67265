package io.vidsift.simulator;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Decides, request by request, which fault (if any) applies. The first rule that fires wins. */
public final class FaultPlan {

    private final List<FaultRule> rules;
    private final AtomicInteger[] matched;
    private final Random random;
    /** Per rule: when it first matched a request (nanoTime), or 0; the start of a {@code for_seconds} window. */
    private final long[] firstMatched;

    public FaultPlan(List<FaultRule> rules, long seed) {
        this.rules = List.copyOf(rules);
        this.matched = new AtomicInteger[rules.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = new AtomicInteger();
        }
        this.random = new Random(seed);
        this.firstMatched = new long[rules.size()];
    }

    public Optional<FaultRule> pick(FaultRule.Target target, String deviceSerial) {
        FaultRule fired = null;
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (!rule.matches(target, deviceSerial)) {
                continue;
            }
            // Every matching rule counts the request, so a script's numbers do not depend on other rules.
            int number = matched[i].incrementAndGet();
            if (fired == null && (rule.requests().contains(number) || (rule.rate() > 0 && chance() < rule.rate())
                    || inWindow(i, rule))) {
                fired = rule;
            }
        }
        return Optional.ofNullable(fired);
    }

    private synchronized boolean inWindow(int index, FaultRule rule) {
        if (rule.forMillis() <= 0) {
            return false;
        }
        long now = System.nanoTime();
        if (firstMatched[index] == 0) {
            firstMatched[index] = now;
        }
        return now - firstMatched[index] < rule.forMillis() * 1_000_000;
    }

    private synchronized double chance() {
        return random.nextDouble();
    }
}
