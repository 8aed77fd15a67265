package io.vidsift.aggregator.output;

import io.vidsift.aggregator.domain.ClipSource;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.ClipFile;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The analyzer's clip files (schema 2 VideoAnalyzed.clips_path, {@link ClipFile}), relative to the storage root,
 * given row by row; a path that leaves the storage root is refused.
 */
public final class ClipFiles implements ClipSource {

    /** A clip file is read whole into memory (tens of KB a video); a larger one is streamed by the codec. */
    private static final long LARGEST_PARSED = 16L << 20;

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
            return Files.readAllBytes(storage.resolve(relativePath));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The rows in file order. Rows as the analyzer writes them are read by {@link ClipRowParser}; from the first row it
     * is not sure of (or a file it cannot parse), the file is read with the codec ({@link ClipFile#read}) past the rows
     * already given, so that its coercions, and its errors naming the file and the line, are what they always were.
     * An exception from {@code each} is reported as ClipFile reports it.
     */
    @Override
    public void read(String clipsPath, Consumer<ClipResult> each) throws IOException {
        Path file;
        try {
            file = storage.resolve(clipsPath);
        } catch (IllegalArgumentException e) {
            throw new IOException("clips_path " + clipsPath + ": " + e.getMessage(), e);
        }
        int[] given = {0};
        boolean whole;
        try {
            whole = readParsed(file, each, given);
        } catch (SinkFailed e) {
            throw new IOException("cannot read clip rows from " + file + ": " + e.getCause().getMessage(), e.getCause());
        }
        if (!whole) {
            int[] skipped = {0};
            clipFile.read(file, row -> {
                if (skipped[0] < given[0]) {
                    skipped[0]++;
                } else {
                    each.accept(row);
                }
            });
        }
    }

    /** Whether every row was read and given; false from the first row (or error) the parser leaves to the codec. */
    private boolean readParsed(Path file, Consumer<ClipResult> each, int[] given) {
        try {
            if (Files.size(file) > LARGEST_PARSED) {
                return false;
            }
            byte[] bytes = Files.readAllBytes(file);
            ClipRowParser rows = new ClipRowParser(bytes, bytes.length);
            for (ClipResult row = rows.next(); row != null; row = rows.next()) {
                try {
                    each.accept(row);
                } catch (RuntimeException e) {
                    throw new SinkFailed(e);
                }
                given[0]++;
            }
            return true;
        } catch (SinkFailed e) {
            throw e;
        } catch (IOException | ClipRowParser.Unsure | RuntimeException e) {
            return false;
        }
    }

    /** What the consumer threw, carried past the parser's own errors. */
    private static final class SinkFailed extends RuntimeException {
        SinkFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
