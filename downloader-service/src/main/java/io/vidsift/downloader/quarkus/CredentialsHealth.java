package io.vidsift.downloader.quarkus;

import io.vidsift.common.config.TokenSource;
import io.vidsift.service.HealthCheck;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready only with a token source; the check names the source (never a value) or says what is missing. */
@ApplicationScoped
public class CredentialsHealth implements HealthCheck {

    private final Credentials credentials;

    public CredentialsHealth(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "hik-cloud-token-source";
    }

    @Override
    public Status check() {
        return credentials.source().isPresent()
                ? Status.up("token from " + credentials.source().map(TokenSource::describe).orElseThrow())
                : Status.down(credentials.missingReason() + "; not consuming vidsift.chunks");
    }
}
