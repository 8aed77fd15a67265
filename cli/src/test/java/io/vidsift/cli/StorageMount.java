package io.vidsift.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fixed-size tmpfs mounted on a folder, for the chaos suite's storage-full scenario: {@link #fill()} takes every
 * free byte (the next write anywhere on it fails with ENOSPC) and deleting the returned file frees them again.
 * Mounting needs root or CAP_SYS_ADMIN; where it is refused, {@link #mounted()} is false and {@link #refusal()}
 * says why.
 */
final class StorageMount implements AutoCloseable {

    private final Path folder;
    private final String refusal;

    private StorageMount(Path folder, String refusal) {
        this.folder = folder;
        this.refusal = refusal;
    }

    static StorageMount tmpfs(Path folder, String size) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Run mount = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", folder.toString()));
        String refusal = mount.exit() == 0 ? null
                : "mount -t tmpfs on " + folder + " was refused (exit " + mount.exit() + ", uid " + uid() + "): "
                + String.join(" ", mount.output().strip().split("\\s*\\n\\s*"));
        return new StorageMount(folder, refusal);
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
        Run umount = run(List.of("umount", folder.toString()));
        if (umount.exit() != 0) {
            // A child still has a file open there: detach it now, the kernel frees it when the file is closed.
            Run lazy = run(List.of("umount", "-l", folder.toString()));
            if (lazy.exit() != 0) {
                throw new IOException("cannot unmount " + folder + ": " + umount.output() + lazy.output());
            }
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
