package io.vidsift.cli.stack;

import io.vidsift.cli.StackException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes folders outside the storage root readable by the stack's services without copying them: each gets a
 * symbolic link {@code <storage>/inputs/<name>}. Every message path stays relative to the storage root (the
 * services' one contract for where files are), and the analyzer, resolving {@code inputs/<name>/a.mp4} under its
 * root, reads the file through the link. It is what a deployment does by mounting another volume under the root.
 * <p>
 * {@code stack up --input} rebuilds the links (stale symbolic links under {@code inputs/} go first) and
 * {@code stack down} removes those it made; nothing else under {@code inputs/} is ever touched.
 */
public final class InputMounts {

    public static final String DIR = "inputs";

    private InputMounts() {
    }

    public static List<InputMount> mount(Path storageRoot, List<Path> inputs) {
        if (inputs.isEmpty()) {
            // Nothing to link: leave the storage root untouched (for 'vidsift run' it is the user's own input folder).
            return List.of();
        }
        Path root = realDirectory(storageRoot, "--storage");
        Path linkDir = storageRoot.toAbsolutePath().normalize().resolve(DIR);
        List<Path> targets = new ArrayList<>();
        for (Path input : inputs) {
            Path real = realDirectory(input, "--input");
            if (!real.startsWith(root) && !targets.contains(real)) {
                targets.add(real);
            }
        }
        removeStaleLinks(linkDir);
        List<InputMount> mounts = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path target : targets) {
            String name = uniqueName(linkDir, target, used);
            Path link = linkDir.resolve(name);
            try {
                Files.createDirectories(linkDir);
                Files.createSymbolicLink(link, target);
            } catch (IOException | UnsupportedOperationException e) {
                throw new StackException("--input " + target + ": cannot link it into the storage root as " + link + ": " + e.getMessage(), e);
            }
            mounts.add(new InputMount(target.toString(), link.toString(), DIR + "/" + name));
        }
        return mounts;
    }

    /** Removes the links a stack made, if they are still links. */
    public static void unmount(List<InputMount> mounts) {
        for (InputMount mount : mounts) {
            Path link = Path.of(mount.link());
            try {
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                }
            } catch (IOException e) {
                throw new StackException("cannot remove " + link + ": " + e.getMessage(), e);
            }
        }
    }

    private static Path realDirectory(Path dir, String option) {
        try {
            Files.createDirectories(dir);
            return dir.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": not a usable directory: " + dir + " (" + e.getMessage() + ")");
        }
    }

    private static void removeStaleLinks(Path linkDir) {
        if (!Files.isDirectory(linkDir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(linkDir)) {
            for (Path entry : entries) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        } catch (IOException e) {
            throw new StackException("cannot clear old links in " + linkDir + ": " + e.getMessage(), e);
        }
    }

    /** The folder's own name (letters, digits, '.', '-', '_'), with -2, -3... when taken. */
    private static String uniqueName(Path linkDir, Path target, Set<String> used) {
        String base = target.getFileName() == null ? "root" : target.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "input" + base;
        }
        String name = base;
        for (int n = 2; used.contains(name) || Files.exists(linkDir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            name = base + "-" + n;
        }
        used.add(name);
        return name;
    }
}
