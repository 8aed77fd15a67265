package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The analyzer's clip files (schema 2 VideoAnalyzed.clips_path): JSONL, one ClipResult per line, relative to the
 * storage root. Read line by line; a path that leaves the storage root is refused.
 */
public final class ClipFiles implements ClipSource {

    private final Path storageRoot;
    private final MessageCodec codec;

    public ClipFiles(Path storageRoot, MessageCodec codec) {
        this.storageRoot = storageRoot.toAbsolutePath().normalize();
        this.codec = codec;
    }

    @Override
    public void read(String clipsPath, Consumer<ClipResult> each) throws IOException {
        Path file = resolve(clipsPath);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    try {
                        each.accept(codec.read(line, ClipResult.class));
                    } catch (io.vidsift.common.messages.BadMessageException e) {
                        throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    Path resolve(String clipsPath) throws IOException {
        Path file = storageRoot.resolve(clipsPath).normalize();
        if (!file.startsWith(storageRoot)) {
            throw new IOException("clips_path " + clipsPath + " leaves the storage root " + storageRoot);
        }
        return file;
    }
}
