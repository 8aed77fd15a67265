package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.domain.RowCodec;
import io.vidsift.common.messages.CloudWindow;
import io.vidsift.common.messages.DownloadRecorded;
import io.vidsift.common.messages.DownloadStatus;
import io.vidsift.common.messages.MessageCodec;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreSerdeTest {

    private final MessageCodec codec = new MessageCodec();
    private final StoreSerde<DownloadRecorded> chunks =
            StoreSerde.binary(codec.mapper(), DownloadRecorded.class, RowCodec::write, RowCodec::readChunk);
    private final DownloadRecorded chunk = new DownloadRecorded(2, "job-1", "c-1", "hik_cloud",
            new CloudWindow("DS-1", 1, "gate", 0, 3600, null, null), "oss.example.com", "cloud/a.mp4",
            DownloadStatus.DOWNLOADED, 0, null, 10L, "ab", false, "2026-02-10T00:00:00Z", "mp4");

    @Test
    void rowsAreWrittenBinaryAndReadBack() {
        byte[] bytes = chunks.serializer().serialize("t", chunk);
        assertThat(bytes[0]).isNotEqualTo((byte) '{');
        assertThat(chunks.deserializer().deserialize("t", bytes)).isEqualTo(chunk);
    }

    @Test
    void aJsonRowAnOlderAggregatorWroteStillReads() throws Exception {
        byte[] json = codec.mapper().writeValueAsBytes(chunk);
        assertThat(chunks.deserializer().deserialize("t", json)).isEqualTo(chunk);
    }

    @Test
    void aBrokenRowNamesItsType() {
        assertThatThrownBy(() -> chunks.deserializer().deserialize("t", new byte[]{7}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("DownloadRecorded");
    }
}
