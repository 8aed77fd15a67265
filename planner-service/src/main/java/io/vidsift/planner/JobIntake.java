package io.vidsift.planner;

import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.ConfigProblem;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.common.config.InvalidConfigException;
import io.vidsift.common.config.JobConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.config.TimeRange;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a request body into a validated job, or refuses it with one line per problem naming the field or the
 * limit. Checks run cheapest first (type, size, encoding, raw characters, document shape, then the config
 * itself and its size in devices, ranges and chunks), so a hostile body costs little. A literal access token
 * in the body is dropped here: the loader keeps it apart from the job, and nothing keeps it.
 */
public final class JobIntake {

    private static final Set<String> TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
            "application/json", "text/plain");

    private final ConfigLoader loader;
    private final IntakeLimits limits;
    private final YamlGuard guard;

    public JobIntake(ConfigLoader loader, IntakeLimits limits) {
        this.loader = loader;
        this.limits = limits;
        this.guard = new YamlGuard(limits);
    }

    public IntakeLimits limits() {
        return limits;
    }

    public JobConfig read(byte[] body, String contentType) {
        checkType(contentType);
        checkSize(body.length);
        if (body.length == 0) {
            throw JobRefused.invalid("body", "is empty: send the job as YAML or JSON");
        }
        String text = utf8(body);
        checkRawCharacters(text);
        guard.check(text);
        JobConfig job;
        try {
            job = loader.parse(text).job();
        } catch (InvalidConfigException e) {
            throw new JobRefused(JobRefused.Kind.INVALID, e.problems().stream().map(JobIntake::withoutSource).toList());
        }
        checkCounts(job);
        return job;
    }

    /** A body whose declared length is already over the limit is refused before it is read. */
    public void checkSize(long bytes) {
        if (bytes > limits.maxBodyBytes()) {
            throw JobRefused.of(JobRefused.Kind.TOO_LARGE, "body", bytes + " bytes is over the limit of " + limits.maxBodyBytes()
                    + " (" + IntakeLimits.setting("max-body-bytes") + ")");
        }
    }

    private static void checkType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw JobRefused.of(JobRefused.Kind.UNSUPPORTED_TYPE, "Content-Type",
                    "must be application/yaml, text/yaml or application/json (was " + printable(type) + ")");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].strip().split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw JobRefused.of(JobRefused.Kind.UNSUPPORTED_TYPE, "Content-Type",
                            "charset must be UTF-8 (was " + printable(charset) + ")");
                }
            }
        }
    }

    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw JobRefused.invalid("body", "is not valid UTF-8 (byte " + in.position() + ")");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** NUL and other control characters (tab and line ends aside) have no place in a job document. */
    private static void checkRawCharacters(String text) {
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
                throw JobRefused.invalid("body", "contains the control character " + YamlGuard.codePoint(c) + " at line " + line
                        + (c == 0 ? " (NUL bytes are not accepted)" : ""));
            }
        }
    }

    private void checkCounts(JobConfig job) {
        if (job.mode() != SourceMode.HIK_CLOUD) {
            return;
        }
        HikCloudConfig hik = job.hikCloud();
        if (hik.devices().size() > limits.maxDevices()) {
            throw JobRefused.invalid("hik_cloud.devices", hik.devices().size() + " devices is over the limit of "
                    + limits.maxDevices() + " (" + IntakeLimits.setting("max-devices") + ")");
        }
        if (hik.timeRanges().size() > limits.maxRanges()) {
            throw JobRefused.invalid("hik_cloud.time_ranges", hik.timeRanges().size() + " ranges is over the limit of "
                    + limits.maxRanges() + " (" + IntakeLimits.setting("max-ranges") + ")");
        }
        long chunks = chunks(hik);
        if (chunks > limits.maxChunks()) {
            throw JobRefused.invalid("hik_cloud", (chunks == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : chunks)
                    + " chunks (devices x time_ranges / chunk_seconds) is over the limit of " + limits.maxChunks()
                    + " (" + IntakeLimits.setting("max-chunks") + ")");
        }
    }

    /** The plan's size, saturating instead of overflowing: epoch-second ranges can be as long as a user writes. */
    static long chunks(HikCloudConfig hik) {
        long perDevice = 0;
        for (TimeRange range : hik.timeRanges()) {
            long inRange = range.seconds() / hik.chunkSeconds() + (range.seconds() % hik.chunkSeconds() == 0 ? 0 : 1);
            perDevice = saturatedAdd(perDevice, inRange);
        }
        try {
            return Math.multiplyExact(perDevice, (long) hik.devices().size());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * The YAML parser's messages quote the offending source line, which can hold a token or a secret: keep the
     * description and the position, drop the quoted lines.
     */
    private static ConfigProblem withoutSource(ConfigProblem problem) {
        if (!problem.message().contains("\n")) {
            return problem;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : problem.message().split("\n")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            kept.append(kept.length() == 0 ? "" : "; ").append(line.strip());
        }
        return new ConfigProblem(problem.path(), kept.toString());
    }

    /** Echoes a header value only as far as it is plain text. */
    private static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return YamlGuard.controlCharacter(cut) >= 0 ? "a value with control characters" : cut;
    }
}
