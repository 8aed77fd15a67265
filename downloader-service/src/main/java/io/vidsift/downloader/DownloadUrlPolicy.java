package io.vidsift.downloader;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a download link (from the API's answer, or a redirect) must look like before anything connects to it:
 * https (plain http only where the API's allow-list entry names {@code http://}), a host, no user info, no
 * control or non-ASCII characters, a sane length. A refusal never repeats the link: it is signed, and whatever a
 * hostile answer put in it is not worth recording. Where the host then resolves to is {@link AddressPolicy}'s
 * business, checked at connect time by {@link PinnedHttpTransport}.
 */
public final class DownloadUrlPolicy {

    /** Signed object-store links are a few hundred characters; anything far longer is not a link. */
    static final int MAX_LENGTH = 8192;
    private static final int MAX_HOST_SHOWN = 100;

    private DownloadUrlPolicy() {
    }

    /** The link as a URI when acceptable; otherwise a {@link DownloadRefused} with a recordable reason. */
    public static URI check(String what, String url, boolean httpAllowed) throws DownloadRefused {
        Optional<String> refusal = refusal(what, url, httpAllowed);
        if (refusal.isPresent()) {
            throw new DownloadRefused(refusal.get());
        }
        return URI.create(url);
    }

    /** Why this link must not be fetched (never containing the link), or empty when it may. */
    public static Optional<String> refusal(String what, String url, boolean httpAllowed) {
        if (url == null || url.isBlank()) {
            return Optional.of(what + " is missing");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of(what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            return Optional.of(what + " contains spaces, control or non-ASCII characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(what + " is not a valid URL"); // the parser's message quotes the whole link
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && httpAllowed)) {
            return Optional.of(scheme.equals("http")
                    ? what + " is plain http (only https, unless the API's entry in " + ApiHosts.SETTING + " names http://)"
                    : what + " is not an https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return Optional.of(what + " carries user info");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of(what + " has no host");
        }
        return Optional.empty();
    }

    /** The host for a recorded reason, bounded (a hostile answer chooses it). */
    static String shownHost(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost();
        return host.length() <= MAX_HOST_SHOWN ? host : host.substring(0, MAX_HOST_SHOWN) + "...";
    }
}
