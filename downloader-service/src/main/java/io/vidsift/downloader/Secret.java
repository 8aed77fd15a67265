package io.vidsift.downloader;

/**
 * A token or client secret. Its {@code toString} never shows the value, so a secret that ends up in a log
 * statement, an exception message or a debugger's variable view by mistake stays hidden.
 */
public record Secret(String value) {

    public Secret {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("secret must not be blank");
        }
    }

    @Override
    public String toString() {
        return "***";
    }
}
