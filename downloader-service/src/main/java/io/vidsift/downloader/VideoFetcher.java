package io.vidsift.downloader;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one signed URL to the leased target: streams into a temp file of its own ({@link TargetLeases#tempFor})
 * through a fixed buffer (memory stays flat whatever the size), resumes a broken transfer with {@code Range} plus
 * {@code If-Range} (the first answer's strong ETag or Last-Modified; without one it starts over, so a file never
 * mixes two versions), checks the length, has {@link ContainerCheck} decide whether the file is a complete video
 * FFmpeg can read (remuxing TS/PS/IMKH into a faststart MP4 temp file), hashes the file that will be stored, confirms
 * the lease and renames that file into place atomically. A final file therefore always is complete; no temp file
 * outlives the call.
 * <p>
 * Requests go through a {@link DownloadTransport} ({@link PinnedHttpTransport}: link, redirect and address policies;
 * a refusal is final for the chunk, {@link FailureCause#DOWNLOAD_POLICY}). No header but Range/If-Range is sent: the
 * Authorization header belongs to the API host, never to the download host.
 */
public final class VideoFetcher {

    /** {@code container}: what was received ({@link ContainerCheck.Checked#container()}); bytes/sha256: what is stored. */
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

    /** This fetch is over without a file; {@link #cause()} says whether that is final (README: failure classes). */
    public static final class FetchFailed extends Exception {
        private final int retries;
        private final FailureCause cause;

        FetchFailed(FailureCause cause, String message, int retries) {
            super(message, null, false, false);
            this.cause = cause;
            this.retries = retries;
        }

        public int retries() {
            return retries;
        }

        public FailureCause cause() {
            return cause;
        }
    }

    /** Worth another attempt; {@code restart} when the partial file is useless. */
    private static class Retryable extends IOException {
        final boolean restart;
        final FailureCause cause;

        Retryable(String message, boolean restart, FailureCause cause) {
            super(message);
            this.restart = restart;
            this.cause = cause;
        }
    }

    /** Storage refused a write (full, read-only, not allowed): not the network's fault, and not worth a quick retry. */
    private static final class StorageFailed extends IOException {
        StorageFailed(IOException cause) {
            super("storage: " + describeStorage(cause), cause);
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");
    /** ETags are short (quoted hashes), dates shorter still: anything longer is not sent back. */
    private static final int MAX_VALIDATOR = 256;

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
     * {@code written} hears of every buffer that reached the temp file (bytes of broken attempts included);
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

    /** One fetch: up to {@code maxAttempts} quick tries, resuming where the last one broke off. */
    public Fetched fetch(String url, TargetLeases.Lease lease, Duration timeout)
            throws UrlRejected, FetchFailed, InterruptedException {
        Path target = lease.target();
        Path part = TargetLeases.tempFor(target);
        Resume resume = new Resume();
        String lastError = null;
        FailureCause lastCause = FailureCause.DOWNLOAD_UNAVAILABLE;
        try {
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                if (attempt > 1) {
                    renew(lease, attempt - 1);
                    sleeper.sleep(backoff.delay(attempt - 1));
                    renew(lease, attempt - 1);
                }
                try {
                    return attempt(url, part, target, lease, timeout, resume, attempt - 1, lastError);
                } catch (StorageFailed e) {
                    throw new FetchFailed(FailureCause.STORAGE, e.getMessage(), attempt - 1);
                } catch (Retryable e) {
                    lastError = e.getMessage();
                    lastCause = e.cause;
                    if (e.restart) {
                        resume.reset();
                    }
                } catch (UnusableVideo e) {
                    // Complete but not a usable video (an error page, a damaged container): from scratch.
                    lastError = e.getMessage();
                    lastCause = FailureCause.CORRUPT_BODY;
                    resume.reset();
                } catch (DownloadRefused e) {
                    // The link, a redirect or an address is against the policies: the same link is refused the same
                    // way again, so this is final for the chunk, not a fault to wait out.
                    throw new FetchFailed(FailureCause.DOWNLOAD_POLICY, e.getMessage(), attempt - 1);
                } catch (SocketTimeoutException e) {
                    lastError = "download timed out";
                    lastCause = FailureCause.DOWNLOAD_UNAVAILABLE;
                } catch (IOException e) {
                    lastError = "download interrupted: " + LogRedactor.redact(describe(e));
                    lastCause = FailureCause.DOWNLOAD_UNAVAILABLE;
                }
            }
            throw new FetchFailed(lastCause, lastError, maxAttempts - 1);
        } finally {
            deleteQuietly(part);
        }
    }

    private static void renew(TargetLeases.Lease lease, int retries) throws FetchFailed {
        try {
            lease.renewIfDue();
        } catch (TargetLeases.LeaseLost e) {
            throw new FetchFailed(FailureCause.TARGET_BUSY, e.getMessage(), retries);
        } catch (IOException e) {
            throw new FetchFailed(FailureCause.STORAGE, "storage: lease: " + describeStorage(e), retries);
        }
    }

    /** What a resumed request must match: the validator of the bytes already in the temp file. */
    private static final class Resume {
        String validator;   // strong ETag or Last-Modified of the bytes on disk; null: cannot resume safely
        long bytes;

        void reset() {
            validator = null;
            bytes = 0;
        }
    }

    private Fetched attempt(String url, Path part, Path target, TargetLeases.Lease lease, Duration timeout, Resume resume,
                            int retries, String lastError) throws IOException, UrlRejected, FetchFailed {
        long deadline = System.nanoTime() + timeout.toNanos();
        long existing = resume.validator != null ? resume.bytes : 0;
        DownloadConnection connection = transport.open(url, existing, existing > 0 ? resume.validator : null,
                (int) Math.min(timeout.toMillis(), 30_000), remainingMillis(deadline));
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
                    return finish(part, target, lease, retries, lastError); // the last attempt got every byte
                }
                throw new Retryable("HTTP 416 for a resumed download", true, FailureCause.DOWNLOAD_UNAVAILABLE);
            }
            if (status == 206) {
                Matcher m = CONTENT_RANGE.matcher(String.valueOf(connection.getHeaderField("Content-Range")));
                if (existing == 0 || !m.matches() || Long.parseLong(m.group(1)) != existing || "*".equals(m.group(3))
                        || !resume.validator.equals(validator(connection))) {
                    drain(connection);
                    throw new Retryable("HTTP 206 with an unexpected Content-Range", true, FailureCause.DOWNLOAD_UNAVAILABLE);
                }
                total = Long.parseLong(m.group(3));
            } else if (status == 200) {
                existing = 0; // a first request, or the object changed (If-Range did not match): start over
                total = connection.getContentLengthLong();
                resume.validator = validator(connection);
                resume.bytes = 0;
            } else {
                drain(connection);
                if (status >= 500 || status == 429 || status == 408) {
                    throw new Retryable("download: HTTP " + status, false, FailureCause.DOWNLOAD_UNAVAILABLE);
                }
                throw new FetchFailed(FailureCause.DOWNLOAD_REFUSED, "download: HTTP " + status, retries);
            }
            long written = existing;
            try (FileChannel out = open(part, existing);
                 InputStream in = connection.getInputStream()) {
                byte[] buffer = new byte[bufferBytes];
                ByteBuffer wrapper = ByteBuffer.wrap(buffer);
                int n;
                while ((n = in.read(buffer)) != -1) {
                    wrapper.clear().limit(n);
                    write(out, wrapper);
                    written += n;
                    resume.bytes = written;
                    onWritten.accept(n);
                    renew(lease, retries);
                    int remaining = remainingMillis(deadline);
                    if (remaining <= 1) {
                        throw new SocketTimeoutException("download timed out");
                    }
                    connection.setReadTimeout(remaining);
                }
                if (total >= 0 && written != total) {
                    throw new Retryable("download ended after " + written + " of " + total + " bytes", false,
                            FailureCause.DOWNLOAD_UNAVAILABLE);
                }
                force(out);
            }
            return finish(part, target, lease, retries, lastError);
        } finally {
            connection.disconnect();
        }
    }

    /**
     * Has {@link ContainerCheck} accept the received file (or remux it into a temp file of its own), hashes the file
     * that will be stored (after a remux: the MP4's bytes, not the received ones), confirms the lease, then renames
     * that file into place.
     */
    private Fetched finish(Path part, Path target, TargetLeases.Lease lease, int retries, String lastError)
            throws IOException, FetchFailed {
        Path remux = TargetLeases.tempFor(target); // a .part name: a later lease holder sweeps it if this worker dies
        try {
            ContainerCheck.Checked checked;
            try {
                checked = ContainerCheck.check(part, remux);
            } catch (ContainerCheck.RemuxNotWritten e) {
                throw new StorageFailed(e);
            }
            long bytes = Files.size(checked.file());
            String sha256 = sha256(checked.file(), bufferBytes);
            try {
                lease.confirm(); // a worker that lost its lease (stalled past it) must not replace the new holder's file
            } catch (TargetLeases.LeaseLost e) {
                throw new FetchFailed(FailureCause.TARGET_BUSY, e.getMessage(), retries);
            }
            try {
                Files.move(checked.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new StorageFailed(e);
            }
            return new Fetched(bytes, sha256, retries, lastError, checked.container());
        } finally {
            deleteQuietly(remux);
        }
    }

    /** The hex sha256 of a whole file, read through one buffer. */
    public static String sha256(Path file, int bufferBytes) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(bufferBytes);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static FileChannel open(Path part, long existing) throws StorageFailed {
        try {
            FileChannel out = existing == 0
                    ? FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(part, StandardOpenOption.WRITE);
            if (existing > 0) {
                out.truncate(existing).position(existing);
            }
            return out;
        } catch (IOException e) {
            throw new StorageFailed(e);
        }
    }

    private static void write(FileChannel out, ByteBuffer buffer) throws StorageFailed {
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            throw new StorageFailed(e);
        }
    }

    private static void force(FileChannel out) throws StorageFailed {
        try {
            out.force(true);
        } catch (IOException e) {
            throw new StorageFailed(e);
        }
    }

    /**
     * A strong validator for If-Range: a non-weak ETag, else Last-Modified; null when the server gave neither, or
     * one that is not fit to be sent back (the download host chose it: no control characters, bounded), so that such
     * a file starts over instead of resuming.
     */
    private static String validator(DownloadConnection connection) {
        String etag = sendable(connection.getHeaderField("ETag"));
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return sendable(connection.getHeaderField("Last-Modified"));
    }

    private static String sendable(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() <= MAX_VALIDATOR && trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? trimmed : null;
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

    /** The reason without the absolute path a FileSystemException carries (messages name paths relative to the root). */
    static String describeStorage(IOException e) {
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
            // The next holder of the lease removes leftovers.
        }
    }
}
