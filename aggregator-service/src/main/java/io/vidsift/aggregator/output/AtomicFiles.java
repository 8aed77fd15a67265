package io.vidsift.aggregator.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Replaces a file in one step (temp file in the same folder, then rename), so readers never see half a line. */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    public static void write(Path target, String content) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            // Same folder as the target: a rename within one file system is atomic; across file systems it is not.
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // Temp files are created owner-only; the operator (and the report's readers) must be able to read these.
                Files.setPosixFilePermissions(temp, READABLE);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed; that error is the one to report.
                }
            }
        }
    }
}
