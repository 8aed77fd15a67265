package io.vidsift.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One fixed-size tmpfs holding several folders, for the chaos suite's storage-full scenario: the tmpfs is mounted on a
 * folder of its own and each target folder (the storage root, the analyzer's cache) is bind-mounted from a folder in
 * it, so that {@link #fill()} takes every free byte of all of them at once (the next write into any fails with
 * ENOSPC) and deleting the returned file frees them again. The mounts hide what the targets held before, for as long
 * as they are mounted. Mounting needs root or CAP_SYS_ADMIN; where it is refused, {@link #mounted()} is false and
 * {@link #refusal()} says why.
 */
final class StorageMount implements AutoCloseable {

    private final Path folder;
    private final List<Path> targets;
    private final String refusal;

    private StorageMount(Path folder, List<Path> targets, String refusal) {
        this.folder = folder;
        this.targets = targets;
        this.refusal = refusal;
    }

    /** A tmpfs of {@code size} on {@code folder}, with each of {@code targets} bind-mounted from a folder in it. */
    static StorageMount tmpfs(Path folder, String size, List<Path> targets) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Run mount = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", folder.toString()));
        if (mount.exit() != 0) {
            return new StorageMount(folder, List.of(), "mount -t tmpfs on " + folder + " was refused (exit " + mount.exit() + ", uid "
                    + uid() + "): " + String.join(" ", mount.output().strip().split("\\s*\\n\\s*")));
        }
        List<Path> bound = new ArrayList<>();
        for (Path target : targets) {
            Path source = Files.createDirectories(folder.resolve("bind-" + bound.size()));
            Files.createDirectories(target);
            Run bind = run(List.of("mount", "--bind", source.toString(), target.toString()));
            if (bind.exit() != 0) {
                new StorageMount(folder, bound, null).close();
                return new StorageMount(folder, List.of(), "mount --bind " + source + " " + target + " was refused (exit " + bind.exit()
                        + "): " + bind.output().strip());
            }
            bound.add(target);
        }
        return new StorageMount(folder, bound, null);
    }

    boolean mounted() {
        return refusal == null;
    }

    String refusal() {
        return refusal;
    }

    /** Writes a file until the filesystem is full; its path, to delete when the space should come back. */
    Path fill() throws IOException {
        Path filler = folder.resolve("chaos-filler.bin");
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // Page-sized leftovers: fill them too, so that no write fits.
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block, 0, 4096);
                out.flush();
            }
        } catch (IOException full) {
            return filler;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!mounted()) {
            return;
        }
        List<Path> mounts = new ArrayList<>(targets);
        java.util.Collections.reverse(mounts);
        mounts.add(folder);
        StringBuilder failures = new StringBuilder();
        for (Path mount : mounts) {
            Run umount = run(List.of("umount", mount.toString()));
            if (umount.exit() != 0) {
                // A child still has a file open there: detach it now, the kernel frees it when the file is closed.
                Run lazy = run(List.of("umount", "-l", mount.toString()));
                if (lazy.exit() != 0) {
                    failures.append("cannot unmount ").append(mount).append(": ").append(umount.output()).append(lazy.output());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException(failures.toString());
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, command + " did not finish in 30 s");
        }
        return new Run(process.exitValue(), output);
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
