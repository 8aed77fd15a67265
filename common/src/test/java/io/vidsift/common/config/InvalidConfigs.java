package io.vidsift.common.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogue of invalid configs and the exact line each must produce. Public so that the planner's REST tests
 * assert the same messages over HTTP.
 */
public final class InvalidConfigs {

    public static final String VALID = """
            source:
              mode: hik_cloud
            hik_cloud:
              access_token_env: HIK_CLOUD_ACCESS_TOKEN
              chunk_seconds: 600
              devices:
                - device_serial: DEV-A1
                  channel_no: 1
                  name: store-front
                - device_serial: DEV_B2
                  channel_no: 2
              time_ranges:
                - begin: "2026-02-03 09:00:00"
                  end: "2026-02-03 11:30:00"
                - begin: "2026-02-03 18:00:00"
                  end: "2026-02-03 18:30:00"
            runtime:
              timezone: Asia/Shanghai
            output:
              dir: /tmp/out
            """;

    public record Case(String yaml, String expected) {
    }

    private InvalidConfigs() {
    }

    public static Map<String, Case> all() {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("end before begin", new Case(VALID.replace("end: \"2026-02-03 18:30:00\"", "end: \"2026-02-03 11:30:00\"")
                .replace("begin: \"2026-02-03 18:00:00\"", "begin: \"2026-02-03 12:00:00\""),
                "hik_cloud.time_ranges[1].end: must be after begin (2026-02-03 11:30:00 <= 2026-02-03 12:00:00)"));
        cases.put("end equals begin", new Case(VALID.replace("end: \"2026-02-03 18:30:00\"", "end: \"2026-02-03 18:00:00\""),
                "hik_cloud.time_ranges[1].end: must be after begin (2026-02-03 18:00:00 <= 2026-02-03 18:00:00)"));
        cases.put("unknown key", new Case(VALID.replace("chunk_seconds: 600", "chunk_secnds: 600"),
                "hik_cloud.chunk_secnds: unknown key (did you mean 'chunk_seconds'?)"));
        cases.put("wrong type", new Case(VALID.replace("chunk_seconds: 600", "chunk_seconds: ten"),
                "hik_cloud.chunk_seconds: must be an integer (was \"ten\")"));
        cases.put("chunk too long", new Case(VALID.replace("chunk_seconds: 600", "chunk_seconds: 7200"),
                "hik_cloud.chunk_seconds: must be between 1 and 3600 (was 7200)"));
        cases.put("chunk zero", new Case(VALID.replace("chunk_seconds: 600", "chunk_seconds: 0"),
                "hik_cloud.chunk_seconds: must be between 1 and 3600 (was 0)"));
        cases.put("no devices", new Case(VALID.replaceAll("(?s)  devices:.*?  time_ranges:", "  devices: []\n  time_ranges:"),
                "hik_cloud.devices: must list at least one device"));
        cases.put("duplicate device", new Case(VALID.replace("device_serial: DEV_B2\n      channel_no: 2", "device_serial: DEV-A1\n      channel_no: 1"),
                "hik_cloud.devices[1]: duplicate device/channel DEV-A1/1 (also at hik_cloud.devices[0])"));
        cases.put("channel below 1", new Case(VALID.replace("channel_no: 2", "channel_no: 0"),
                "hik_cloud.devices[1].channel_no: must be between 1 and 65535 (was 0)"));
        cases.put("unsafe serial", new Case(VALID.replace("device_serial: DEV_B2", "device_serial: ../etc"),
                "hik_cloud.devices[1].device_serial: may contain only letters, digits, '-' and '_' (was \"../etc\")"));
        cases.put("unknown timezone", new Case(VALID.replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus"),
                "runtime.timezone: unknown timezone 'Mars/Olympus' (use a region id such as Asia/Shanghai or UTC)"));
        cases.put("unparseable date-time", new Case(VALID.replace("\"2026-02-03 09:00:00\"", "\"2026-02-30 09:00:00\""),
                "hik_cloud.time_ranges[0].begin: cannot parse date-time '2026-02-30 09:00:00' (use \"YYYY-MM-DD HH:MM:SS\", epoch seconds, or ISO-8601 with an offset)"));
        cases.put("output dir missing", new Case(VALID.replace("output:\n  dir: /tmp/out\n", ""),
                "output: is required"));
        cases.put("unknown mode", new Case(VALID.replace("mode: hik_cloud", "mode: cloud"),
                "source.mode: must be one of local, hik_cloud (was \"cloud\")"));
        cases.put("bad sampling", new Case(VALID + "analysis:\n  sampling: every\n",
                "analysis.sampling: must be one of auto, exact, keyframes (was \"every\")"));
        cases.put("detector without path", new Case(VALID + "analysis:\n  model:\n    name: detector\n",
                "analysis.model.path: is required"));
        cases.put("bad api url", new Case(VALID.replace("access_token_env: HIK_CLOUD_ACCESS_TOKEN", "api_base_url: ftp://x"),
                "hik_cloud.api_base_url: must be an http(s) URL without query (was \"ftp://x\")"));
        cases.put("devices not a list", new Case(VALID.replaceAll("(?s)  devices:.*?  time_ranges:", "  devices: DEV1\n  time_ranges:"),
                "hik_cloud.devices: must be a list (was \"DEV1\")"));
        return cases;
    }
}
