package io.vidsift.planner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteRootsTest {

    @TempDir
    Path temp;

    private Path storage() throws IOException {
        return Files.createDirectories(temp.resolve("storage"));
    }

    private static void refused(WriteRoots roots, String value, String expectedStart) {
        assertThatThrownBy(() -> roots.confine("output.dir", value)).isInstanceOfSatisfying(JobRefused.class, e -> {
            assertThat(e.kind()).isEqualTo(JobRefused.Kind.INVALID);
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("output.dir");
                assertThat(p.message()).startsWith(expectedStart);
            });
        });
    }

    @Test
    void relativePathsResolveUnderTheStorageRootAndMayNotClimbOut() throws IOException {
        Path storage = storage();
        WriteRoots roots = new WriteRoots(storage, List.of());
        assertThat(roots.confine("output.dir", "jobs/a")).isEqualTo(storage.toRealPath().resolve("jobs/a"));
        assertThat(roots.confine("output.dir", "jobs/../b")).isEqualTo(storage.toRealPath().resolve("b"));
        assertThat(roots.confine("output.dir", storage + "/abs")).isEqualTo(storage.toRealPath().resolve("abs"));
        refused(roots, "../outside", "must be under the allowed root " + storage.toRealPath());
        refused(roots, "jobs/../../../etc", "must be under the allowed root");
        refused(roots, "/etc/cron.d", "must be under the allowed root");
        refused(roots, temp + "/storage-sibling", "must be under the allowed root");
        refused(roots, "", "is required");
    }

    @Test
    void aSymlinkIsJudgedByWhereItPoints() throws IOException {
        Path storage = storage();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(storage.resolve("escape"), outside);
        Files.createDirectories(storage.resolve("real-out"));
        Files.createSymbolicLink(storage.resolve("inside"), storage.resolve("real-out"));
        Files.createSymbolicLink(storage.resolve("dangling"), temp.resolve("nowhere"));
        WriteRoots roots = new WriteRoots(storage, List.of());

        refused(roots, "escape", "must be under the allowed root");
        refused(roots, "escape/new/deeper", "must be under the allowed root");
        refused(roots, "inside/../escape/x", "must be under the allowed root");
        refused(roots, "dangling/x", "cannot be resolved");
        assertThat(roots.confine("output.dir", "inside/job")).isEqualTo(storage.toRealPath().resolve("real-out/job"));
        assertThat(roots.contains(storage.resolve("escape"))).isFalse();
        assertThat(roots.contains(storage.resolve("inside"))).isTrue();
    }

    @Test
    void configuredRootsReplaceTheDefaultAndMayThemselvesBeLinks() throws IOException {
        Path storage = storage();
        Path results = Files.createDirectories(temp.resolve("results"));
        Path linkToResults = Files.createSymbolicLink(temp.resolve("results-link"), results);
        WriteRoots roots = new WriteRoots(storage, List.of(linkToResults, storage));

        assertThat(roots.confine("output.dir", results + "/job")).isEqualTo(results.toRealPath().resolve("job"));
        assertThat(roots.confine("output.dir", linkToResults + "/job")).isEqualTo(results.toRealPath().resolve("job"));
        assertThat(roots.confine("output.dir", "rel")).isEqualTo(storage.toRealPath().resolve("rel"));
        refused(roots, temp.toString(), "must be under one of the allowed roots " + results.toRealPath() + ", " + storage.toRealPath());
    }
}
