package io.vidsift.common.time;

import io.vidsift.common.config.Device;
import io.vidsift.common.config.TimeRange;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPlanTest {

    @Test
    void twoAndAHalfHoursIn600sChunksGivesFifteenOnTheLastRangeBoundary() {
        Device d = new Device("D", 1, null);
        List<Chunk> chunks = new ArrayList<>();
        new ChunkPlan(List.of(d), List.of(new TimeRange(0, 9000)), 600).forEach(chunks::add);
        assertThat(chunks).hasSize(15);
        assertThat(chunks.get(14)).isEqualTo(new Chunk(d, 0, 14, 8400, 9000));
    }

    @Test
    void lastChunkMayBeShorter() {
        Device d = new Device("D", 1, null);
        List<Chunk> chunks = new ArrayList<>();
        new ChunkPlan(List.of(d), List.of(new TimeRange(100, 1350)), 600).forEach(chunks::add);
        assertThat(chunks).extracting(Chunk::begin).containsExactly(100L, 700L, 1300L);
        assertThat(chunks).extracting(Chunk::end).containsExactly(700L, 1300L, 1350L);
    }

    /** Property: for random ranges and chunk sizes, chunks tile every (device, range) exactly, each within bounds. */
    @RepeatedTest(200)
    void chunksTileEveryRangeWithNoGapOrOverlap(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        int chunkSeconds = 1 + random.nextInt(3600);
        List<Device> devices = IntStream.range(0, 1 + random.nextInt(4)).mapToObj(i -> new Device("D" + i, 1 + i, null)).toList();
        List<TimeRange> ranges = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            long begin = 1_700_000_000L + random.nextInt(1_000_000);
            ranges.add(new TimeRange(begin, begin + 1 + random.nextInt(30_000)));
        }
        ChunkPlan plan = new ChunkPlan(devices, ranges, chunkSeconds);
        long count = 0;
        Iterator<Chunk> it = plan.iterator();
        for (Device device : devices) {
            for (int r = 0; r < ranges.size(); r++) {
                long cursor = ranges.get(r).begin();
                while (cursor < ranges.get(r).end()) {
                    Chunk chunk = it.next();
                    count++;
                    assertThat(chunk.device()).isEqualTo(device);
                    assertThat(chunk.rangeIndex()).isEqualTo(r);
                    assertThat(chunk.begin()).isEqualTo(cursor);
                    assertThat(chunk.seconds()).isBetween(1L, (long) chunkSeconds);
                    assertThat(chunk.end()).isLessThanOrEqualTo(ranges.get(r).end());
                    cursor = chunk.end();
                }
            }
        }
        assertThat(it.hasNext()).isFalse();
        assertThat(plan.size()).isEqualTo(count);
    }

    @Test
    void planningIsLazy() {
        // 10,000 devices x 30 days at 600 s: 43.2 million chunks, counted and walked without materialising them.
        List<Device> devices = IntStream.range(0, 10_000).mapToObj(i -> new Device("D" + i, 1, null)).toList();
        ChunkPlan plan = new ChunkPlan(devices, List.of(new TimeRange(0, 30L * 86_400)), 600);
        assertThat(plan.size()).isEqualTo(43_200_000L);
        Iterator<Chunk> it = plan.iterator();
        Chunk first = it.next();
        for (int i = 0; i < 4_319; i++) {
            it.next();
        }
        assertThat(first.begin()).isZero();
        assertThat(it.next().device().deviceSerial()).isEqualTo("D1");
    }
}
