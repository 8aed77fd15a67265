package io.vidsift.cli;

/**
 * A service's base URL and the API key to send it (null: send none). {@link #toString()} leaves the key out, so an
 * endpoint can appear in a message without the key.
 */
record Endpoint(String url, String apiKey) {

    Endpoint {
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return url;
    }
}
