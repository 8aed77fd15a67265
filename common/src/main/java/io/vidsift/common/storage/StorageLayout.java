package io.vidsift.common.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Where files live on shared storage. Paths in messages are relative to the storage root so that every
 * container, node and laptop can mount the root wherever it likes. File names are built only from the device,
 * the channel and the requested UTC times: never from a URL, so no signature or token can leak into a name.
 */
public final class StorageLayout {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private final Path root;

    public StorageLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code downloads/hik_cloud/<serial>/ch<n>/<serial>_ch<n>_<begin>_<end>.mp4}, relative. */
    public static String cloudVideo(String deviceSerial, int channelNo, long requestedBegin, long requestedEnd) {
        if (!SAFE.matcher(deviceSerial).matches()) {
            throw new IllegalArgumentException("device_serial may contain only letters, digits, '-' and '_': " + deviceSerial);
        }
        String channel = "ch" + channelNo;
        return "downloads/hik_cloud/" + deviceSerial + "/" + channel + "/" + deviceSerial + "_" + channel + "_"
                + STAMP.format(Instant.ofEpochSecond(requestedBegin)) + "_" + STAMP.format(Instant.ofEpochSecond(requestedEnd)) + ".mp4";
    }

    /** Resolves a relative path from a message, refusing anything that escapes the root. */
    public Path resolve(String relative) {
        Path resolved = root.resolve(relative).normalize();
        if (Path.of(relative).isAbsolute() || !resolved.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the storage root: " + relative);
        }
        return resolved;
    }

    /** The message form of a file under the root, always with '/' separators. */
    public String relativize(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            throw new IllegalArgumentException("not under the storage root " + root + ": " + file);
        }
        return root.relativize(absolute).toString().replace('\\', '/');
    }
}
