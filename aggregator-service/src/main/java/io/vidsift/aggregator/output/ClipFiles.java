package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The analyzer's clip files (schema 2 VideoAnalyzed.clips_path, {@link ClipFile}), relative to the storage root,
 * streamed row by row; a path that leaves the storage root is refused.
 */
public final class ClipFiles implements ClipSource {

    private final StorageLayout storage;
    private final ClipFile clipFile;

    public ClipFiles(Path storageRoot, MessageCodec codec) {
        this.storage = new StorageLayout(storageRoot.toAbsolutePath().normalize());
        this.clipFile = new ClipFile(codec);
    }

    /**
     * A peak-frame thumbnail the analyzer wrote (storage-relative path from a clip row), or null when it is missing,
     * unreadable or outside the storage root: a report without one picture is still a report.
     */
    public byte[] thumbnail(String relativePath) {
        try {
            return java.nio.file.Files.readAllBytes(storage.resolve(relativePath));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void read(String clipsPath, Consumer<ClipResult> each) throws IOException {
        Path file;
        try {
            file = storage.resolve(clipsPath);
        } catch (IllegalArgumentException e) {
            throw new IOException("clips_path " + clipsPath + ": " + e.getMessage(), e);
        }
        clipFile.read(file, each);
    }
}
