package io.vidsift.planner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The folders a job may name for its output and its local input, as the operator configured them. A path is
 * judged by where it really is: relative paths resolve against the storage root, and the nearest existing
 * ancestor is resolved with {@link Path#toRealPath} (every symlink followed), so neither {@code ../} nor a
 * symlink inside a root can point a job at a folder outside them.
 */
public final class WriteRoots {

    private final Path storageRoot;
    private final List<Path> roots;

    /** {@code roots} empty means the storage root alone. */
    public WriteRoots(Path storageRoot, List<Path> roots) {
        this.storageRoot = rootPath(storageRoot);
        this.roots = (roots.isEmpty() ? List.of(this.storageRoot) : roots).stream().map(WriteRoots::rootPath).toList();
    }

    /** The storage root where it really is (message paths are relative to it). */
    public Path storageRoot() {
        return storageRoot;
    }

    public List<Path> roots() {
        return roots;
    }

    /** Where {@code value} (as a job wrote it) really is, if that is under a root; refused naming {@code field} otherwise. */
    public Path confine(String field, String value) {
        if (value == null || value.isBlank()) {
            throw JobRefused.invalid(field, "is required");
        }
        Path real;
        try {
            real = real(storageRoot.resolve(value));
        } catch (java.nio.file.InvalidPathException e) {
            throw JobRefused.invalid(field, "is not a valid path");
        } catch (IOException e) {
            throw JobRefused.invalid(field, "cannot be resolved (a dangling symlink or an unreadable folder on the way)");
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            throw JobRefused.invalid(field, "must be under " + describe() + " (resolves to " + real + ")");
        }
        return real;
    }

    /** Whether a file found while listing a local input dir (it may be a symlink) really lies under a root. */
    public boolean contains(Path file) {
        try {
            Path real = file.toRealPath();
            return roots.stream().anyMatch(real::startsWith);
        } catch (IOException e) {
            return false;
        }
    }

    private String describe() {
        return roots.size() == 1 ? "the allowed root " + roots.get(0)
                : "one of the allowed roots " + roots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /**
     * The real path of the nearest existing ancestor, with the part that does not exist yet appended. That part
     * is normalized lexically, which is what creating it will do: it has no symlinks, it does not exist.
     */
    static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }

    /** A configured root that cannot be resolved yet is taken as written. */
    private static Path rootPath(Path root) {
        try {
            return real(root);
        } catch (IOException e) {
            return root.toAbsolutePath().normalize();
        }
    }
}
