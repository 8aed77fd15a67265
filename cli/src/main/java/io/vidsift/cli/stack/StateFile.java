package io.vidsift.cli.stack;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** stack.json holds the stack's API key: it is created readable and writable by its owner only. */
final class StateFile {

    private StateFile() {
    }

    /** An empty file with mode 600 (where the file system has POSIX modes), replacing any leftover. */
    static void createOwnerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
