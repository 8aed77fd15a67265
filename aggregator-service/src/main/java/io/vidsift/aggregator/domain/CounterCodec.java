package io.vidsift.aggregator.domain;


import static io.vidsift.aggregator.domain.BinaryRow.longs;
import static io.vidsift.aggregator.domain.BinaryRow.string;

/**
 * The two counter rows every event reads and writes (a job's {@link JobTotals}, a camera's {@link CameraTotals}) as
 * compact binary: the stores hold bytes, so each event paid a JSON read and a JSON write for each of them, the
 * largest cost left in the fold. One leading version byte; arrays carry their length, so a status added later
 * reads old rows (missing counts are 0).
 */
public final class CounterCodec {

    private static final byte VERSION = 1;

    private CounterCodec() {
    }

    public static byte[] write(JobTotals t) {
        return BinaryRow.bytes(VERSION, out -> {
            string(out, t.jobId);
            out.writeBoolean(t.planned);
            string(out, t.name);
            string(out, t.mode);
            out.writeBoolean(t.dryRun);
            out.writeBoolean(t.local);
            out.writeLong(t.plannedChunks);
            out.writeLong(t.plannedFiles);
            string(out, t.timezone);
            string(out, t.plannedAt);
            string(out, t.outputDir);
            longs(out, t.chunks);
            longs(out, t.videos);
            out.writeLong(t.recorded);
            out.writeLong(t.terminal);
            out.writeLong(t.awaiting);
            out.writeLong(t.clips);
            time(out, t.firstReportSecond, t.firstReportNano);
            time(out, t.lastReportSecond, t.lastReportNano);
            out.writeBoolean(t.announced);
            out.writeLong(t.version);
            out.writeLong(t.earlySequence);
            out.writeLong(t.earlyDrained);
            // Only a job whose devices come in parts has these: the other rows end here, as before they existed.
            if (t.deviceParts > 0 || t.devicePartsFolded != null) {
                out.writeInt(t.deviceParts);
                out.writeInt(t.devicePartsFolded == null ? 0 : t.devicePartsFolded.size());
                for (int part : t.devicePartsFolded == null ? java.util.Set.<Integer>of() : t.devicePartsFolded) {
                    out.writeInt(part);
                }
            }
        });
    }

    public static JobTotals readTotals(byte[] bytes) {
        return BinaryRow.read(bytes, VERSION, "counter row", in -> {
            JobTotals t = new JobTotals();
            t.jobId = string(in);
            t.planned = in.readBoolean();
            t.name = string(in);
            t.mode = string(in);
            t.dryRun = in.readBoolean();
            t.local = in.readBoolean();
            t.plannedChunks = in.readLong();
            t.plannedFiles = in.readLong();
            t.timezone = string(in);
            t.plannedAt = string(in);
            t.outputDir = string(in);
            longs(in, t.chunks);
            longs(in, t.videos);
            t.recorded = in.readLong();
            t.terminal = in.readLong();
            t.awaiting = in.readLong();
            t.clips = in.readLong();
            if (in.readBoolean()) {
                t.firstReportSecond = in.readLong();
                t.firstReportNano = in.readInt();
            }
            if (in.readBoolean()) {
                t.lastReportSecond = in.readLong();
                t.lastReportNano = in.readInt();
            }
            t.announced = in.readBoolean();
            t.version = in.readLong();
            t.earlySequence = in.readLong();
            t.earlyDrained = in.readLong();
            if (in.available() > 0) {
                t.deviceParts = in.readInt();
                int folded = in.readInt();
                t.devicePartsFolded = new java.util.TreeSet<>();
                for (int i = 0; i < folded; i++) {
                    t.devicePartsFolded.add(in.readInt());
                }
            }
            return t;
        });
    }

    public static byte[] write(CameraTotals c) {
        return BinaryRow.bytes(VERSION, out -> {
            string(out, c.deviceSerial);
            out.writeBoolean(c.channelNo != null);
            out.writeInt(c.channelNo == null ? 0 : c.channelNo);
            string(out, c.name);
            longs(out, c.chunks);
            longs(out, c.videos);
            out.writeLong(c.clips);
            out.writeLong(c.requestedSeconds);
            out.writeLong(c.downloadedSeconds);
            out.writeLong(c.analyzedSeconds);
            out.writeDouble(c.localSeconds);
        });
    }

    public static CameraTotals readCamera(byte[] bytes) {
        return BinaryRow.read(bytes, VERSION, "counter row", in -> {
            CameraTotals c = new CameraTotals();
            c.deviceSerial = string(in);
            boolean channel = in.readBoolean();
            int channelNo = in.readInt();
            c.channelNo = channel ? channelNo : null;
            c.name = string(in);
            longs(in, c.chunks);
            longs(in, c.videos);
            c.clips = in.readLong();
            c.requestedSeconds = in.readLong();
            c.downloadedSeconds = in.readLong();
            c.analyzedSeconds = in.readLong();
            c.localSeconds = in.readDouble();
            return c;
        });
    }

    private static void time(BinaryRow.Out out, Long second, int nano) {
        BinaryRow.nullableLong(out, second);
        if (second != null) {
            out.writeInt(nano);
        }
    }
}
