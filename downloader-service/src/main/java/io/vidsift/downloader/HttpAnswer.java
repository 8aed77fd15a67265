package io.vidsift.downloader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 answer read from a socket: status line and headers with hard limits (a hostile server cannot make
 * the downloader buffer without end), then the body as a stream bounded by Content-Length, decoded from chunked
 * transfer coding, or read until the server closes. One request per connection ({@code Connection: close}).
 */
final class HttpAnswer implements DownloadConnection {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_HEADERS = 100;
    static final int MAX_ERROR_BODY = 64 * 1024;

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    private HttpAnswer(Socket socket, int status, Map<String, String> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    static HttpAnswer read(Socket socket, InputStream in) throws IOException {
        int[] budget = {MAX_HEAD};
        int status;
        Map<String, String> headers;
        do { // 1xx answers (100 Continue) precede the real one
            status = status(line(in, budget));
            headers = headers(in, budget);
        } while (status >= 100 && status < 200);
        long length = contentLength(headers);
        InputStream body;
        if (status == 204 || status == 304) {
            body = InputStream.nullInputStream();
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            headers.remove("content-length"); // chunked wins (RFC 9112 6.3)
            body = new ChunkedBody(in);
        } else if (length >= 0) {
            body = new LimitedBody(in, length);
        } else {
            body = in;
        }
        return new HttpAnswer(socket, status, headers, body);
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public String getHeaderField(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public long getContentLengthLong() {
        return headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;
    }

    @Override
    public InputStream getInputStream() {
        return body;
    }

    /** At most {@value #MAX_ERROR_BODY} bytes: an error body is only drained, and a hostile one may never end. */
    @Override
    public InputStream getErrorStream() {
        return new LimitedBody(body, MAX_ERROR_BODY);
    }

    @Override
    public void setReadTimeout(int millis) {
        try {
            socket.setSoTimeout(Math.max(1, millis));
        } catch (SocketException e) {
            // The socket is closed: the next read says so.
        }
    }

    @Override
    public void disconnect() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to keep: one request per connection.
        }
    }

    private static int status(String line) throws IOException {
        // HTTP/1.1 206 Partial Content
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("download: not an HTTP/1.x answer");
        }
        try {
            int status = Integer.parseInt(line.substring(9, 12));
            if (status < 100 || status > 599) {
                throw new IOException("download: HTTP status out of range");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IOException("download: unreadable HTTP status");
        }
    }

    private static Map<String, String> headers(InputStream in, int[] budget) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        for (int count = 0; ; count++) {
            String line = line(in, budget);
            if (line.isEmpty()) {
                return headers;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("download: more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new IOException("download: malformed header line"); // obsolete folding included
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private static long contentLength(Map<String, String> headers) throws IOException {
        String value = headers.get("content-length");
        if (value == null) {
            return -1;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new IOException("download: invalid Content-Length");
        }
        return Long.parseLong(value);
    }

    /** One CRLF- (or LF-) terminated line of the head, counted against the head's budget. */
    static String line(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("download: connection closed in the answer's head");
            }
            if (--budget[0] < 0 || line.size() >= MAX_LINE) {
                throw new IOException("download: answer head longer than allowed");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    /** A body of Content-Length bytes: a short body ends early (the caller compares lengths), never reads past. */
    /** A body stream: reads go through {@code read(byte[], int, int)}, which each kind implements. */
    private abstract static class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    private static final class LimitedBody extends Body {
        private final InputStream in;
        private long left;

        LimitedBody(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Chunked transfer coding (RFC 9112 7.1); extensions and trailers are read and ignored. */
    private static final class ChunkedBody extends Body {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                int[] budget = {MAX_HEAD};
                String size = line(in, budget);
                int semicolon = size.indexOf(';');
                String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).trim();
                if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                    throw new IOException("download: malformed chunk size");
                }
                left = Long.parseLong(hex, 16);
                if (left == 0) {
                    while (!line(in, budget).isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("download: connection closed inside a chunk");
            }
            left -= n;
            if (left == 0 && !line(in, new int[]{2}).isEmpty()) {
                throw new IOException("download: chunk not followed by CRLF");
            }
            return n;
        }
    }
}
