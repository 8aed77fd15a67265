package io.vidsift.analyzer.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an exporter wrote into the ONNX file's {@code metadata_props}. Ultralytics stores Python reprs:
 * {@code names} = {@code {0: 'person', 1: 'bicycle'}}, {@code imgsz} = {@code [640, 640]} (height, width), and for
 * NMS-included exports {@code end2end} = {@code True} or {@code 'nms': True} inside {@code args}. Anything missing or
 * unreadable is simply absent: the job's settings and the tensor shapes decide then.
 *
 * @param names      class names by id, empty when the file has none
 * @param imgHeight  input height the model was exported for, 0 when unknown
 * @param imgWidth   input width, 0 when unknown
 * @param end2end    the output already holds final detections ({@code [N, max_det, 6]})
 */
public record ExportMetadata(List<String> names, int imgHeight, int imgWidth, boolean end2end) {

    public static final ExportMetadata NONE = new ExportMetadata(List.of(), 0, 0, false);

    private static final Pattern NAME = Pattern.compile("(\\d+)\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\")");
    private static final Pattern INT = Pattern.compile("\\d+");
    private static final Pattern NMS_ARG = Pattern.compile("['\"]nms['\"]\\s*:\\s*True");

    public static ExportMetadata of(Map<String, String> props) {
        if (props == null || props.isEmpty()) {
            return NONE;
        }
        List<String> names = names(props.get("names"));
        int[] size = imgsz(props.get("imgsz"));
        boolean end2end = isTrue(props.get("end2end")) || (props.get("args") != null && NMS_ARG.matcher(props.get("args")).find());
        return new ExportMetadata(names, size[0], size[1], end2end);
    }

    /** {@code {0: 'person', 1: 'car'}} → [person, car]; ids must run 0..n-1 or nothing is taken. */
    static List<String> names(String value) {
        if (value == null) {
            return List.of();
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        Matcher m = NAME.matcher(value);
        while (m.find()) {
            byId.put(Integer.parseInt(m.group(1)), m.group(2) != null ? m.group(2) : m.group(3));
        }
        if (byId.isEmpty() || byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
            return List.of();
        }
        return List.copyOf(new ArrayList<>(byId.values()));
    }

    /** {@code [384, 640]} → {384, 640} (height, width); {@code 640} → {640, 640}; else {0, 0}. */
    static int[] imgsz(String value) {
        if (value == null) {
            return new int[] {0, 0};
        }
        List<Integer> dims = new ArrayList<>();
        Matcher m = INT.matcher(value);
        while (m.find()) {
            dims.add(Integer.parseInt(m.group()));
        }
        if (dims.size() == 1) {
            return new int[] {dims.get(0), dims.get(0)};
        }
        if (dims.size() == 2) {
            return new int[] {dims.get(0), dims.get(1)};
        }
        return new int[] {0, 0};
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }
}
