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
    /**
     * When the first request of any kind reached the plan (nanoTime), or 0: every {@code for_seconds} window starts
     * there, so an address outage and a download outage of one scenario are the same outage.
     */
    private long firstRequest;

    public FaultPlan(List<FaultRule> rules, long seed) {
        this.rules = List.copyOf(rules);
        this.matched = new AtomicInteger[rules.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = new AtomicInteger();
        }
        this.random = new Random(seed);
    }

    public Optional<FaultRule> pick(FaultRule.Target target, String deviceSerial) {
        long now = started();
        FaultRule fired = null;
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (!rule.matches(target, deviceSerial)) {
                continue;
            }
            // Every matching rule counts the request, so a script's numbers do not depend on other rules.
            int number = matched[i].incrementAndGet();
            if (fired == null && (rule.requests().contains(number) || (rule.rate() > 0 && chance() < rule.rate())
                    || (rule.forMillis() > 0 && now - firstRequest < rule.forMillis() * 1_000_000))) {
                fired = rule;
            }
        }
        return Optional.ofNullable(fired);
    }

    private synchronized long started() {
        long now = System.nanoTime();
        if (firstRequest == 0) {
            firstRequest = now;
        }
        return now;
    }

    private synchronized double chance() {
        return random.nextDouble();
    }
}
