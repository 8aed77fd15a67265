package io.vidsift.downloader;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The API hosts this downloader may send its credentials to ({@code vidsift.hik-cloud.allowed-api-hosts}). A chunk
 * names its API ({@code api_base_url}), and whoever can submit a job chooses that URL; without this list the
 * downloader would send its token (and, with client credentials, its client secret) wherever a job points it.
 * <p>
 * Entries are {@code host} or {@code host:port} ({@code [v6]} or {@code [v6]:port} for IPv6 literals), compared
 * case-insensitively and exactly: no wildcards, no subdomains. An entry without a port allows every port of that
 * host; one with a port allows only that port, where a URL without a port means 443 for https and 80 for http.
 * <p>
 * A plain entry allows https only: the token and the client secret never cross the network in clear text unless an
 * operator wrote {@code http://host[:port]} (the simulator, tests). Such an entry allows http and https, and it also
 * lets that API's download links be plain http ({@link #allowsHttp}). {@code https://host[:port]} is the same as
 * the plain entry.
 * <p>
 * Checked are the URLs actually requested, {@code api_base_url + download_path} and {@code api_base_url +
 * token_path}, as well as the base URL itself: a path such as {@code @evil.example/x} would otherwise move the host.
 */
public final class ApiHosts {

    public static final String SETTING = "vidsift.hik-cloud.allowed-api-hosts";
    public static final String DEFAULT = "api2.hik-cloud.com";
    private static final int MAX_SHOWN = 100;

    private record Entry(String host, int port, boolean http) {
        boolean matches(String host, int port) {
            return this.host.equals(host) && (this.port < 0 || this.port == port);
        }

        @Override
        public String toString() {
            return (http ? "http://" : "") + (port < 0 ? host : host + ":" + port);
        }
    }

    private final List<Entry> entries;

    private ApiHosts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The list from its setting's entries (blank ones ignored).
     *
     * @throws IllegalArgumentException for an entry that is not a host or host:port (a URL, a path, a bad port)
     */
    public static ApiHosts parse(Collection<String> values) {
        List<Entry> entries = new ArrayList<>();
        for (String value : values) {
            for (String raw : value.split(",")) {
                String entry = raw.trim();
                if (!entry.isEmpty()) {
                    entries.add(entry(entry));
                }
            }
        }
        return new ApiHosts(entries);
    }

    public static ApiHosts of(String... entries) {
        return parse(List.of(entries));
    }

    private static Entry entry(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean http = lower.startsWith("http://");
        if (http || lower.startsWith("https://")) {
            lower = lower.substring(lower.indexOf("://") + 3);
            lower = lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
        }
        if (lower.contains("/") || lower.contains("@") || lower.contains("?") || lower.contains("#") || lower.contains("*")
                || lower.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(SETTING + ": '" + shown(text) + "' is not a host or host:port");
        }
        String host = lower;
        int port = -1;
        if (lower.startsWith("[")) {
            int close = lower.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(SETTING + ": '" + shown(text) + "' is not a host or host:port");
            }
            host = lower.substring(0, close + 1);
            String rest = lower.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(SETTING + ": '" + shown(text) + "' is not a host or host:port");
                }
                port = port(text, rest.substring(1));
            }
        } else if (lower.indexOf(':') != lower.lastIndexOf(':')) {
            host = "[" + lower + "]"; // a bare IPv6 literal; URI.getHost() brackets it
        } else if (lower.indexOf(':') >= 0) {
            host = lower.substring(0, lower.indexOf(':'));
            port = port(text, lower.substring(lower.indexOf(':') + 1));
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new IllegalArgumentException(SETTING + ": '" + shown(text) + "' has no host");
        }
        return new Entry(host, port, http);
    }

    private static int port(String entry, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(SETTING + ": '" + shown(entry) + "' has no valid port");
    }

    /** Why this endpoint must not be called (a sanitized, recordable sentence), or empty when every URL is allowed. */
    public Optional<String> refusal(ApiEndpoint endpoint) {
        Optional<String> base = refusal("api_base_url", endpoint.baseUrl());
        if (base.isPresent()) {
            return base;
        }
        if (endpoint.downloadPath() != null) {
            Optional<String> address = refusal("api_base_url + download_path", endpoint.baseUrl() + endpoint.downloadPath());
            if (address.isPresent()) {
                return address;
            }
        }
        return endpoint.tokenPath() == null ? Optional.empty()
                : refusal("api_base_url + token_path", endpoint.baseUrl() + endpoint.tokenPath());
    }

    /** Why a request to this URL must not be made, or empty when its host (and port) is on the list. */
    public Optional<String> refusal(String what, String url) {
        if (url == null) {
            return Optional.of(what + " is missing");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(what + " is not a valid URL"); // the text itself may carry anything: not echoed
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of(what + " is not an http(s) URL");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of(what + " has no host name that can be checked against " + SETTING);
        }
        host = host.toLowerCase(Locale.ROOT);
        String shown = uri.getPort() >= 0 ? host + ":" + uri.getPort() : host;
        Optional<Entry> entry = match(uri);
        if (entry.isEmpty()) {
            return Optional.of(what + " host " + shown(shown) + " is not in " + SETTING);
        }
        if (scheme.equals("http") && !entry.get().http()) {
            return Optional.of(what + " is plain http, and " + SETTING + " allows " + shown(shown)
                    + " over https only (an entry http://" + shown(shown) + " would allow it)");
        }
        return Optional.empty();
    }

    /**
     * Whether this endpoint's download links may be plain http: only when its API passed through an entry that
     * names {@code http://}. Otherwise (and for an endpoint the list refuses) links must be https.
     */
    public boolean allowsHttp(ApiEndpoint endpoint) {
        if (refusal(endpoint).isPresent()) {
            return false;
        }
        try {
            return match(new URI(endpoint.baseUrl())).map(Entry::http).orElse(false);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Optional<Entry> match(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        // An http entry before an https-only one of the same host: the most permissive match decides.
        return entries.stream().filter(e -> e.matches(host, port)).max(java.util.Comparator.comparing(Entry::http));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries as configured (normalized), for the start-up log. */
    public String describe() {
        return entries.isEmpty() ? "(none)" : entries.stream().map(Entry::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "ApiHosts[" + describe() + "]";
    }

    private static String shown(String text) {
        String clean = LogRedactor.redact(text);
        return clean.length() <= MAX_SHOWN ? clean : clean.substring(0, MAX_SHOWN) + "...";
    }
}
