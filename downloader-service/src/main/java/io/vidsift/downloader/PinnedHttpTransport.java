package io.vidsift.downloader;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads over HTTP/1.1 on a socket this class connects itself, so that the address checked is the address
 * used: the link's host is resolved once, <em>every</em> address it resolves to must pass {@link AddressPolicy}
 * (one private answer among public ones refuses the link: a resolver that mixes them is hostile), and the socket
 * connects to exactly those checked addresses; nothing resolves the name again (no DNS rebinding between check
 * and connect). TLS runs over that socket with SNI and certificate host-name verification against the link's
 * host, as any https client does.
 * <p>
 * Redirects (at most {@value #MAX_REDIRECTS}) are followed here, never by a library: each target must be https
 * and passes the same checks; the Range and If-Range headers go along, nothing else does. No Authorization header
 * is ever sent. {@code java.net.http.HttpClient} and {@code HttpURLConnection} resolve names themselves with no hook to
 * check the result, which is why this is not one of them.
 */
public final class PinnedHttpTransport implements DownloadTransport {

    static final int MAX_REDIRECTS = 5;

    private final AddressPolicy addresses;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;

    public PinnedHttpTransport(AddressPolicy addresses) {
        this(addresses, HostResolver.SYSTEM, defaultTls());
    }

    public PinnedHttpTransport(AddressPolicy addresses, HostResolver resolver, SSLSocketFactory tls) {
        this.addresses = addresses;
        this.resolver = resolver;
        this.tls = tls;
    }

    @Override
    public DownloadConnection open(String url, long rangeFrom, String ifRange, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException {
        // The first link's scheme was checked against the API's entry by the caller (ChunkDownloader): http may be
        // allowed there. Every redirect must be https.
        URI target = DownloadUrlPolicy.check("download url", url, true);
        for (int hop = 0; ; hop++) {
            HttpAnswer answer = request(target, rangeFrom, ifRange, connectTimeoutMillis, readTimeoutMillis);
            int status = answer.getResponseCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return answer;
            }
            String location = answer.getHeaderField("Location");
            answer.disconnect();
            if (hop >= MAX_REDIRECTS) {
                throw new DownloadRefused("more than " + MAX_REDIRECTS + " redirects");
            }
            if (location == null) {
                throw new DownloadRefused("redirect (HTTP " + status + ") without a Location");
            }
            String next;
            try {
                next = target.resolve(location.trim()).toString();
            } catch (IllegalArgumentException e) {
                throw new DownloadRefused("redirect location is not a valid URL");
            }
            target = DownloadUrlPolicy.check("redirect location", next, false);
        }
    }

    private HttpAnswer request(URI uri, long rangeFrom, String ifRange, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        Socket socket = connect(bareHost, port, connectTimeoutMillis);
        try {
            socket.setSoTimeout(readTimeoutMillis);
            if (https) {
                socket = handshake(socket, bareHost, port);
            }
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(uri, host, port, https, rangeFrom, ifRange).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return HttpAnswer.read(socket, new BufferedInputStream(socket.getInputStream(), 16 * 1024));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Resolves once, refuses unless every address passes, connects to the first checked address that answers. */
    private Socket connect(String host, int port, int timeoutMillis) throws IOException {
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("cannot resolve the download host " + shown(host));
        }
        if (resolved == null || resolved.length == 0) {
            throw new UnknownHostException("the download host resolves to no address");
        }
        for (InetAddress address : resolved) {
            Optional<String> refusal = addresses.refusal(address);
            if (refusal.isPresent()) {
                throw new DownloadRefused("host " + shown(host) + ": " + refusal.get());
            }
        }
        IOException last = null;
        for (InetAddress address : resolved) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), Math.max(1, timeoutMillis));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last;
    }

    private Socket handshake(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the link's host
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String requestHead(URI uri, String host, int port, boolean https, long rangeFrom, String ifRange)
            throws DownloadRefused {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = (port == (https ? 443 : 80)) ? host : host + ":" + port;
        // DownloadUrlPolicy refused control characters already; checked again where they would split the request.
        if ((target + hostHeader).chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new DownloadRefused("download url contains characters not allowed in a request");
        }
        StringBuilder head = new StringBuilder()
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: vidsift-downloader\r\n")
                .append("Accept: */*\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        if (rangeFrom > 0) {
            head.append("Range: bytes=").append(rangeFrom).append("-\r\n");
            if (ifRange != null) {
                // The validator is an earlier answer's header: never let it split this request either.
                if (ifRange.isEmpty() || ifRange.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
                    throw new DownloadRefused("the download host's validator (ETag/Last-Modified) contains characters not allowed in a request");
                }
                head.append("If-Range: ").append(ifRange).append("\r\n");
            }
        }
        return head.append("\r\n").toString();
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9]+(\\.[0-9]+){3}");
    }

    private static String shown(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.length() <= 100 ? lower : lower.substring(0, 100) + "...";
    }

    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's default TLS context is missing", e);
        }
    }
}
