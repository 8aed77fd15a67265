package io.vidsift.downloader;

import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What the downloader remembers on shared storage, next to each video: {@code <video>.download.json} holds the
 * DownloadRecorded that was published for it. A chunk is done when its video exists with the recorded size and
 * the sidecar says downloaded and the video's sha256 is the one recorded (a size can match a different or damaged
 * file); then it is skipped without any request, by any instance, after any restart.
 */
public final class DownloadLedger {

    public static final String SUFFIX = ".download.json";
    private static final int HASH_BUFFER_BYTES = 256 * 1024;

    private final StorageLayout layout;
    private final MessageCodec codec;

    public DownloadLedger(StorageLayout layout, MessageCodec codec) {
        this.layout = layout;
        this.codec = codec;
    }

    public Optional<DownloadRecorded> downloaded(String relativePath) {
        Path video = layout.resolve(relativePath);
        Path sidecar = sidecarOf(video);
        try {
            if (!Files.isRegularFile(video) || !Files.isRegularFile(sidecar)) {
                return Optional.empty();
            }
            DownloadRecorded record = codec.read(Files.readString(sidecar), DownloadRecorded.class);
            boolean complete = record.status() == DownloadStatus.DOWNLOADED && record.bytes() != null && record.sha256() != null
                    && record.bytes() == Files.size(video) && relativePath.equals(record.path())
                    && record.sha256().equals(VideoFetcher.sha256(video, HASH_BUFFER_BYTES));
            return complete ? Optional.of(record) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or foreign sidecar: download again
        }
    }

    public void remember(DownloadRecorded record) throws IOException {
        Path video = layout.resolve(record.path());
        Path sidecar = sidecarOf(video);
        // Unique: two workers may record the same file (the second after a skip), and neither may see half a sidecar.
        Path temp = sidecar.resolveSibling(sidecar.getFileName() + "." + Long.toHexString(System.nanoTime()) + "."
                + Thread.currentThread().getId() + ".tmp");
        Files.writeString(temp, codec.write(record));
        Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static Path sidecarOf(Path video) {
        return video.resolveSibling(video.getFileName() + SUFFIX);
    }
}
