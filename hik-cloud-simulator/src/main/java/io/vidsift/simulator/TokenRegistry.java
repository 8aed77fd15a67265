package io.vidsift.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and checks access tokens like the real token endpoint: one token per client, handed out again while it
 * is valid, a new one once it expired or was revoked.
 */
public final class TokenRegistry {

    /** What the token endpoint answers. */
    public record Grant(String accessToken, long expiresIn) {
        @Override
        public String toString() {
            return "Grant[expiresIn=" + expiresIn + "]";
        }
    }

    private record Issued(String clientId, long expiresAt) {
    }

    private final Scenario.TokenSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Map<String, String> currentByClient = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    public TokenRegistry(Scenario.TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Empty when the client is unknown or the secret is wrong. */
    public synchronized Optional<Grant> grant(String clientId, String clientSecret) {
        boolean known = settings.clients().stream()
                .anyMatch(c -> c.clientId().equals(clientId) && c.clientSecret().equals(clientSecret));
        if (!known) {
            return Optional.empty();
        }
        long now = clock.instant().getEpochSecond();
        String current = currentByClient.get(clientId);
        if (current != null && valid(current)) {
            return Optional.of(new Grant(current, issued.get(current).expiresAt() - now));
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = settings.issuedPrefix() + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(token, new Issued(clientId, now + settings.lifetimeSeconds()));
        currentByClient.put(clientId, token);
        return Optional.of(new Grant(token, settings.lifetimeSeconds()));
    }

    public boolean valid(String token) {
        if (token == null || revoked.contains(token)) {
            return false;
        }
        if (settings.staticTokens().contains(token)) {
            return true;
        }
        Issued entry = issued.get(token);
        return entry != null && clock.instant().getEpochSecond() < entry.expiresAt();
    }

    public void revoke(String token) {
        if (token != null) {
            revoked.add(token);
        }
    }
}
