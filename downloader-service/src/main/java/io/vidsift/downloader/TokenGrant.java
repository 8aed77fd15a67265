package io.vidsift.downloader;

/** A token from the token endpoint and how many seconds it stays valid. */
public record TokenGrant(Secret accessToken, long expiresInSeconds) {
}
