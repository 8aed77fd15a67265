package io.vidsift.downloader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exclusive, expiring leases on target files, kept on the shared storage itself ({@code <video>.lease}: owner and
 * expiry), so that two workers (threads, pods) never write one file: a rebalance can redeliver a chunk while its
 * first owner is still downloading, and two jobs can cover the same window. A lease is created with
 * {@code CREATE_NEW}; a holder renews it while it works; an expired lease (its holder died) is taken over by
 * atomically renaming it away first, so of two workers that both see it expired only one wins. Whoever acquires a
 * lease removes the temp files a dead holder left.
 */
public final class TargetLeases {

    public static final String LEASE_SUFFIX = ".lease";
    public static final String PART_SUFFIX = ".part";

    /** How a new lease's bytes reach its file; tests put a full disk here. */
    interface Write {
        Write CHANNEL = (channel, bytes) -> {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        };

        void write(WritableByteChannel channel, ByteBuffer bytes) throws IOException;
    }

    private final String owner;
    private final Duration ttl;
    private final Clock clock;
    private final Write write;
    private final java.util.Set<Lease> held = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code owner} names this instance in lease files (host and pid, never anything secret). */
    public TargetLeases(String owner, Duration ttl, Clock clock) {
        this(owner, ttl, clock, Write.CHANNEL);
    }

    TargetLeases(String owner, Duration ttl, Clock clock, Write write) {
        if (owner.isBlank() || owner.contains("\n") || owner.contains(" ")) {
            throw new IllegalArgumentException("lease owner must be one word: " + owner);
        }
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
        this.write = write;
    }

    public static Path leaseOf(Path target) {
        return target.resolveSibling(target.getFileName() + LEASE_SUFFIX);
    }

    /** The lease on {@code target}, or empty with the current holder when another live worker has it. */
    public Acquired tryAcquire(Path target) throws IOException {
        Path lease = leaseOf(target);
        // Unique per acquisition, so that two threads of one instance are two holders too.
        String holderId = owner + "/" + nonce();
        for (int round = 0; round < 2; round++) {
            boolean created = false;
            try {
                try (SeekableByteChannel channel = Files.newByteChannel(lease, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    created = true;
                    write.write(channel, ByteBuffer.wrap(content(holderId).getBytes(StandardCharsets.UTF_8)));
                }
                removeLeftovers(target);
                Lease acquired = new Lease(target, lease, holderId);
                held.add(acquired);
                return new Acquired(Optional.of(acquired), null);
            } catch (FileAlreadyExistsException e) {
                Optional<Holder> holder = read(lease);
                if (!expired(lease, holder)) {
                    return new Acquired(Optional.empty(), holder.map(Holder::owner).orElse("another worker"));
                }
                Path stale = lease.resolveSibling(lease.getFileName() + "." + nonce() + ".stale");
                try {
                    Files.move(lease, stale, StandardCopyOption.ATOMIC_MOVE);
                    Files.deleteIfExists(stale);
                } catch (NoSuchFileException gone) {
                    // Someone else took it over (or it was released) first: try once more to create it.
                }
            } catch (IOException e) {
                if (created) {
                    // Ours, but empty or partial: a full disk takes the create and refuses the bytes. Left there, it
                    // would read as another worker's lease until it ages out, and every retry would find the file busy.
                    try {
                        Files.deleteIfExists(lease);
                    } catch (IOException notRemoved) {
                        e.addSuppressed(notRemoved);
                    }
                }
                throw e;
            }
        }
        return new Acquired(Optional.empty(), "another worker");
    }

    /**
     * Whether a lease found on a target may be taken over: its expiry has passed, or it cannot be read (being written
     * right now, or left empty by a writer that died between creating and writing it) and has not changed for a whole
     * lease time.
     */
    private boolean expired(Path lease, Optional<Holder> holder) {
        if (holder.isPresent()) {
            return holder.get().expiresAtMillis() <= clock.millis();
        }
        try {
            return Files.getLastModifiedTime(lease).toMillis() + ttl.toMillis() <= clock.millis();
        } catch (IOException e) {
            return false; // gone or unreadable: not ours to judge now, the next look decides
        }
    }

    /**
     * Removes the lease on {@code target} when it has expired: a worker killed after its file was complete but before
     * it released the lease leaves one behind, and the chunk's redelivery skips the file without ever leasing it.
     */
    public void removeIfExpired(Path target) {
        Path lease = leaseOf(target);
        if (!Files.exists(lease)) {
            return;
        }
        if (expired(lease, read(lease))) {
            Path stale = lease.resolveSibling(lease.getFileName() + "." + nonce() + ".stale");
            try {
                Files.move(lease, stale, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(stale);
            } catch (IOException e) {
                // Someone else took it over or removed it: nothing left to do.
            }
        }
    }

    /** How often {@link #renewHeld()} should run: a third of the lease time. */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    /**
     * Renews every lease this instance holds, whatever its worker is doing (an address round, a backoff, a stalled
     * read): a lease then expires only when its process is gone, so the lease time can be short. A lease found taken
     * over stays lost; its worker notices at its next renewal or before the rename.
     */
    public void renewHeld() {
        for (Lease lease : held) {
            try {
                lease.renew();
            } catch (LeaseLost | IOException e) {
                // LeaseLost: the worker finds out itself; IOException: storage trouble, the next round tries again.
            }
        }
    }

    /** A new temp file name for one download attempt of {@code target}, unique across workers. */
    public static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + "." + nonce() + PART_SUFFIX);
    }

    private void removeLeftovers(Path target) throws IOException {
        String prefix = target.getFileName() + ".";
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(PART_SUFFIX))) {
            for (Path part : siblings) {
                Files.deleteIfExists(part);
            }
        }
    }

    private String content(String holderId) {
        return holderId + " " + (clock.millis() + ttl.toMillis()) + "\n";
    }

    private static Optional<Holder> read(Path lease) {
        try {
            String[] words = Files.readString(lease, StandardCharsets.UTF_8).trim().split(" ");
            return words.length == 2 ? Optional.of(new Holder(words[0], Long.parseLong(words[1]))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String nonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private record Holder(String owner, long expiresAtMillis) {
    }

    /** Either a lease, or who holds it. */
    public record Acquired(Optional<Lease> lease, String heldBy) {
    }

    /** A held lease: renew it while working, close it when done (also on failure). */
    public final class Lease implements AutoCloseable {

        private final Path target;
        private final Path file;
        private final String id;
        private volatile long renewAtMillis;
        private boolean closed;

        private Lease(Path target, Path file, String id) {
            this.target = target;
            this.file = file;
            this.id = id;
            this.renewAtMillis = clock.millis() + ttl.toMillis() / 3;
        }

        public Path target() {
            return target;
        }

        /** Cheap unless a third of the lease time has passed; fails when another worker took the lease over. */
        public void renewIfDue() throws LeaseLost, IOException {
            if (clock.millis() < renewAtMillis) {
                return;
            }
            renew();
        }

        synchronized void renew() throws LeaseLost, IOException {
            if (closed) {
                return; // a renewal after the release would bring a dead lease back
            }
            confirm();
            Path temp = file.resolveSibling(file.getFileName() + "." + nonce() + ".tmp");
            Files.writeString(temp, content(id), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renewAtMillis = clock.millis() + ttl.toMillis() / 3;
        }

        /** Fails unless this lease is still ours: checked right before the file is renamed into place. */
        public void confirm() throws LeaseLost {
            Optional<Holder> holder = read(file);
            if (holder.isEmpty() || !holder.get().owner().equals(id)) {
                throw new LeaseLost(holder.map(Holder::owner).orElse("nobody"));
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            held.remove(this);
            try {
                Optional<Holder> holder = read(file);
                if (holder.isPresent() && holder.get().owner().equals(id)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException ignored) {
                // It expires by itself.
            }
        }
    }

    /** This worker was too slow to renew and another took the file over: stop writing. */
    public static final class LeaseLost extends Exception {
        public LeaseLost(String holder) {
            super("the lease on the file was taken over by " + holder, null, false, false);
        }
    }
}
