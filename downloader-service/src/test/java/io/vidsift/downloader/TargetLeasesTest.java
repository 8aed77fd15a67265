package io.vidsift.downloader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetLeasesTest {

    @TempDir
    Path dir;

    @Test
    void twoWritersNeverHoldOneFile() throws Exception {
        Path target = dir.resolve("v.mp4");
        TargetLeases podA = new TargetLeases("pod-a", Duration.ofMinutes(1), Clock.systemUTC());
        TargetLeases podB = new TargetLeases("pod-b", Duration.ofMinutes(1), Clock.systemUTC());
        TargetLeases.Acquired first = podA.tryAcquire(target);
        assertThat(first.lease()).isPresent();
        TargetLeases.Acquired second = podB.tryAcquire(target);
        assertThat(second.lease()).isEmpty();
        assertThat(second.heldBy()).startsWith("pod-a/");
        assertThat(podA.tryAcquire(target).lease()).as("another thread of the same pod is another writer").isEmpty();
        first.lease().get().close();
        assertThat(Files.exists(TargetLeases.leaseOf(target))).isFalse();
        try (TargetLeases.Lease lease = podB.tryAcquire(target).lease().orElseThrow()) {
            assertThat(lease.target()).isEqualTo(target);
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverLeftoversGoAndTheLateHolderStops() throws Exception {
        Path target = dir.resolve("v.mp4");
        TestChunks.SteppingClock clock = new TestChunks.SteppingClock();
        TargetLeases dead = new TargetLeases("dead-pod", Duration.ofSeconds(60), clock);
        TargetLeases alive = new TargetLeases("alive-pod", Duration.ofSeconds(60), clock);
        TargetLeases.Lease stale = dead.tryAcquire(target).lease().orElseThrow();
        Path leftover = dir.resolve("v.mp4.1234abcd.part");
        Files.writeString(leftover, "half a file");
        assertThat(alive.tryAcquire(target).lease()).as("not expired yet").isEmpty();
        clock.advance(Duration.ofSeconds(61));
        try (TargetLeases.Lease lease = alive.tryAcquire(target).lease().orElseThrow()) {
            assertThat(leftover).doesNotExist();
            assertThatThrownBy(stale::renewIfDue).isInstanceOf(TargetLeases.LeaseLost.class).hasMessageContaining("alive-pod/");
            stale.close(); // must not remove the new holder's lease
            assertThat(TargetLeases.leaseOf(target)).exists();
            lease.renewIfDue();
        }
        assertThat(TargetLeases.leaseOf(target)).doesNotExist();
    }

    @Test
    void backgroundRenewalKeepsALiveHoldersLeaseAndNeverRevivesAReleasedOne() throws Exception {
        Path target = dir.resolve("v.mp4");
        TestChunks.SteppingClock clock = new TestChunks.SteppingClock();
        TargetLeases holder = new TargetLeases("holder", Duration.ofSeconds(60), clock);
        TargetLeases other = new TargetLeases("other", Duration.ofSeconds(60), clock);
        TargetLeases.Lease lease = holder.tryAcquire(target).lease().orElseThrow();
        for (int i = 0; i < 5; i++) { // 5 x 40 s: long past the first expiry, renewed each time
            clock.advance(Duration.ofSeconds(40));
            holder.renewHeld();
            assertThat(other.tryAcquire(target).lease()).isEmpty();
        }
        lease.close();
        holder.renewHeld();
        assertThat(TargetLeases.leaseOf(target)).doesNotExist();
    }

    @Test
    void anExpiredLeaseLeftBehindAFinishedFileIsRemovedALiveOneIsNot() throws Exception {
        Path target = dir.resolve("v.mp4");
        TestChunks.SteppingClock clock = new TestChunks.SteppingClock();
        TargetLeases leases = new TargetLeases("pod", Duration.ofSeconds(60), clock);
        leases.tryAcquire(target).lease().orElseThrow(); // its worker dies without closing it
        leases.removeIfExpired(target);
        assertThat(TargetLeases.leaseOf(target)).as("still live").exists();
        clock.advance(Duration.ofSeconds(61));
        leases.removeIfExpired(target);
        assertThat(TargetLeases.leaseOf(target)).doesNotExist();
    }
    @Test
    void aLeaseTheFullDiskRefusesIsNotLeftBehindToBlockTheNextAttempt() throws Exception {
        Path target = dir.resolve("v.mp4");
        // A full disk: creating the file works (no data blocks needed), writing its bytes does not.
        TargetLeases full = new TargetLeases("pod", Duration.ofSeconds(60), Clock.systemUTC(), (channel, bytes) -> {
            throw new java.io.IOException("No space left on device");
        });
        assertThatThrownBy(() -> full.tryAcquire(target)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(TargetLeases.leaseOf(target)).as("no empty lease left").doesNotExist();

        // Once space is back, the next attempt gets the lease at once (before the fix: "another worker" holds it).
        TargetLeases.Acquired next = new TargetLeases("pod", Duration.ofSeconds(60), Clock.systemUTC()).tryAcquire(target);
        assertThat(next.lease()).as(String.valueOf(next.heldBy())).isPresent();
        next.lease().get().close();
    }

    @Test
    void anEmptyLeaseLeftByAWriterThatDiedIsTakenOverOnceItIsALeaseTimeOld() throws Exception {
        Path target = dir.resolve("v.mp4");
        TestChunks.SteppingClock clock = new TestChunks.SteppingClock();
        TargetLeases leases = new TargetLeases("pod", Duration.ofSeconds(60), clock);
        Path lease = TargetLeases.leaseOf(target);
        Files.createFile(lease); // a writer killed (or refused by a full disk) between creating and writing it
        Files.setLastModifiedTime(lease, java.nio.file.attribute.FileTime.fromMillis(clock.millis()));

        assertThat(leases.tryAcquire(target).lease()).as("maybe being written right now").isEmpty();
        leases.removeIfExpired(target);
        assertThat(lease).exists();

        clock.advance(Duration.ofSeconds(61));
        TargetLeases.Acquired acquired = leases.tryAcquire(target);
        assertThat(acquired.lease()).as("a lease time old: taken over").isPresent();
        assertThat(Files.readString(lease)).startsWith("pod/");
        acquired.lease().get().close();
    }
}
