package io.vidsift.downloader.quarkus;

import io.vidsift.common.config.TokenSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a token source; the check names the source (never a value) or says what is missing. */
@Readiness
@ApplicationScoped
public class TokenSourceHealthCheck implements HealthCheck {

    private final Credentials credentials;

    public TokenSourceHealthCheck(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = credentials.source().isPresent();
        return HealthCheckResponse.named("hik-cloud-token-source").status(up)
                .withData("detail", up ? "token from " + credentials.source().map(TokenSource::describe).orElseThrow()
                        : credentials.missingReason() + "; not consuming vidsift.chunks")
                .build();
    }
}
