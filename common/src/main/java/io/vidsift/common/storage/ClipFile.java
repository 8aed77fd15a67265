package io.vidsift.common.storage;

import com.fasterxml.jackson.databind.MappingIterator;
import io.vidsift.common.messages.ClipResult;
import io.vidsift.common.messages.MessageCodec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * One video's clip rows on storage ({@code <output.dir>/analysis/<video_id>.clips.jsonl}): one {@link ClipResult}
 * per line, in index order, written with the one {@link MessageCodec}. The analyzer writes it before it publishes
 * the VideoAnalyzed that names it; readers stream it row by row, so no consumer ever holds a video's clips, let
 * alone a job's.
 */
public final class ClipFile {

    /** The file's name under the job's output dir, next to the per-frame file. */
    public static Path under(Path outputDir, String videoId) {
        return outputDir.resolve("analysis").resolve(videoId + ".clips.jsonl");
    }

    private final MessageCodec codec;

    public ClipFile(MessageCodec codec) {
        this.codec = codec;
    }

    /**
     * Writes the rows to a temp file, forces it to disk and moves it into place: the VideoAnalyzed naming the file
     * is published after this returns, so a reader never finds a half-written file, and a redelivered video
     * replaces it whole.
     */
    public void write(Path file, Iterable<ClipResult> clips) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp)) {
            for (ClipResult clip : clips) {
                out.write(codec.write(clip));
                out.newLine();
            }
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Streams the rows in file order to {@code sink}; the file is open only while this runs. */
    public void read(Path file, Consumer<ClipResult> sink) throws IOException {
        try (MappingIterator<ClipResult> rows = codec.mapper().readerFor(ClipResult.class).readValues(file.toFile())) {
            Iterator<ClipResult> it = rows;
            while (it.hasNext()) {
                sink.accept(it.next());
            }
        } catch (RuntimeException e) {
            // Jackson's iterator reports a bad line as an unchecked wrapper; name the file.
            throw new IOException("cannot read clip rows from " + file + ": " + e.getMessage(), e);
        }
    }
}
