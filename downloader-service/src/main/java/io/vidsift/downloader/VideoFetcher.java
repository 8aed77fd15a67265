package io.vidsift.downloader;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one signed URL to {@code target}: streams into {@code target.part} through a fixed buffer (memory stays
 * flat whatever the size), resumes a broken transfer with a Range request, checks the length, hashes it, then hands
 * it to {@link ContainerCheck}, which accepts any complete video FFmpeg can read and moves it (or its MP4 remux) into
 * place atomically. A final file therefore always is complete.
 * <p>
 * No header but Range is sent: the Authorization header belongs to the API host, never to the download host.
 */
public final class VideoFetcher {

    /** {@code container}: what was received ({@link ContainerCheck.Stored#container()}); bytes/sha256: what is stored. */
    public record Fetched(long bytes, String sha256, int retries, String lastError, String container) {
    }

    /** The link was refused (403/410, e.g. expired): only a fresh address helps. */
    public static final class UrlRejected extends Exception {
        private final int retries;

        UrlRejected(String message, int retries) {
            super(message, null, false, false);
            this.retries = retries;
        }

        public int retries() {
            return retries;
        }
    }

    public static final class FetchFailed extends Exception {
        private final int retries;

        FetchFailed(String message, int retries) {
            super(message, null, false, false);
            this.retries = retries;
        }

        public int retries() {
            return retries;
        }
    }

    /** Worth another attempt; {@code restart} when the partial file is useless. */
    private static final class Retryable extends IOException {
        final boolean restart;

        Retryable(String message, boolean restart) {
            super(message);
            this.restart = restart;
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");

    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final int bufferBytes;
    private final LongConsumer onWritten;
    private final DownloadTransport transport;

    public VideoFetcher(int maxAttempts, Backoff backoff, Sleeper sleeper, int bufferBytes, DownloadTransport transport) {
        this(maxAttempts, backoff, sleeper, bufferBytes, n -> { }, transport);
    }

    /**
     * {@code written} hears of every buffer that reached the partial file (bytes of broken attempts included);
     * {@code transport} connects only where its policies allow ({@link PinnedHttpTransport}).
     */
    public VideoFetcher(int maxAttempts, Backoff backoff, Sleeper sleeper, int bufferBytes, LongConsumer written,
                        DownloadTransport transport) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.bufferBytes = bufferBytes;
        this.onWritten = written;
        this.transport = transport;
    }

    public static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    public Fetched fetch(String url, Path target, Duration timeout) throws UrlRejected, FetchFailed, InterruptedException {
        Path part = partOf(target);
        String lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleeper.sleep(backoff.delay(attempt - 1));
            }
            try {
                return attempt(url, part, target, timeout, attempt - 1, lastError);
            } catch (Retryable e) {
                lastError = e.getMessage();
                if (e.restart) {
                    deleteQuietly(part);
                }
            } catch (UnusableVideo e) {
                lastError = e.getMessage();
                deleteQuietly(part);
            } catch (DownloadRefused e) {
                throw new FetchFailed(e.getMessage(), attempt - 1); // the same link is refused the same way again
            } catch (SocketTimeoutException e) {
                lastError = "download timed out";
            } catch (IOException e) {
                lastError = "download interrupted: " + LogRedactor.redact(describe(e));
            }
        }
        throw new FetchFailed(lastError, maxAttempts - 1);
    }

    private Fetched attempt(String url, Path part, Path target, Duration timeout, int retries, String lastError)
            throws IOException, UrlRejected, FetchFailed {
        long deadline = System.nanoTime() + timeout.toNanos();
        long existing = Files.exists(part) ? Files.size(part) : 0;
        DownloadConnection connection = transport.open(url, existing, (int) Math.min(timeout.toMillis(), 30_000),
                remainingMillis(deadline));
        try {
            int status = connection.getResponseCode();
            long total;
            if (status == 403 || status == 410) {
                drain(connection);
                throw new UrlRejected("download link refused: HTTP " + status, retries);
            }
            if (status == 416 && existing > 0) {
                drain(connection);
                Matcher m = UNSATISFIED.matcher(String.valueOf(connection.getHeaderField("Content-Range")));
                if (m.matches() && Long.parseLong(m.group(1)) == existing) {
                    return complete(part, target, existing, retries, lastError); // the last attempt got every byte
                }
                throw new Retryable("HTTP 416 for a resumed download", true);
            }
            if (status == 206) {
                Matcher m = CONTENT_RANGE.matcher(String.valueOf(connection.getHeaderField("Content-Range")));
                if (!m.matches() || Long.parseLong(m.group(1)) != existing || "*".equals(m.group(3))) {
                    drain(connection);
                    throw new Retryable("HTTP 206 with an unexpected Content-Range", true);
                }
                total = Long.parseLong(m.group(3));
            } else if (status == 200) {
                existing = 0; // the server ignored Range: start over
                total = connection.getContentLengthLong();
            } else {
                drain(connection);
                if (status >= 500 || status == 429 || status == 408) {
                    throw new Retryable("download: HTTP " + status, false);
                }
                throw new FetchFailed("download: HTTP " + status, retries);
            }
            MessageDigest digest = sha256();
            long written = existing;
            try (FileChannel out = existing == 0
                    ? FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.READ);
                 InputStream in = connection.getInputStream()) {
                if (existing > 0) {
                    hashExisting(out, existing, digest);
                    out.truncate(existing).position(existing);
                }
                byte[] buffer = new byte[bufferBytes];
                ByteBuffer wrapper = ByteBuffer.wrap(buffer);
                int n;
                while ((n = in.read(buffer)) != -1) {
                    digest.update(buffer, 0, n);
                    wrapper.clear().limit(n);
                    while (wrapper.hasRemaining()) {
                        out.write(wrapper);
                    }
                    written += n;
                    onWritten.accept(n);
                    int remaining = remainingMillis(deadline);
                    if (remaining <= 1) {
                        throw new SocketTimeoutException("download timed out");
                    }
                    connection.setReadTimeout(remaining);
                }
                if (total >= 0 && written != total) {
                    throw new Retryable("download ended after " + written + " of " + total + " bytes", false);
                }
                out.force(true);
            }
            return finish(part, target, written, HexFormat.of().formatHex(digest.digest()), retries, lastError);
        } finally {
            connection.disconnect();
        }
    }

    private Fetched complete(Path part, Path target, long bytes, int retries, String lastError) throws IOException {
        MessageDigest digest = sha256();
        try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
            hashExisting(in, bytes, digest);
        }
        return finish(part, target, bytes, HexFormat.of().formatHex(digest.digest()), retries, lastError);
    }

    private static Fetched finish(Path part, Path target, long bytes, String sha256, int retries, String lastError) throws IOException {
        ContainerCheck.Stored stored = ContainerCheck.store(part, target);
        return new Fetched(stored.bytes(), stored.sha256() != null ? stored.sha256() : sha256, retries, lastError, stored.container());
    }

    private void hashExisting(FileChannel channel, long length, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bufferBytes);
        long at = 0;
        while (at < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new Retryable("partial file shrank", true);
            }
            buffer.flip();
            digest.update(buffer);
            at += n;
        }
    }

    private static int remainingMillis(long deadline) {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private static void drain(DownloadConnection connection) {
        try (InputStream error = connection.getErrorStream()) {
            if (error != null) {
                error.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (IOException ignored) {
            // Only to let the connection be reused.
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The next attempt truncates it anyway.
        }
    }
}
