package io.vidsift.common.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads typed values out of a parsed YAML/JSON tree while collecting every problem with its dotted path, so that
 * one pass over a config reports all of its mistakes instead of the first one.
 */
final class ConfigTree {

    private final List<ConfigProblem> problems = new ArrayList<>();

    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Reports keys of {@code node} that are not in {@code allowed}, with the nearest allowed key as a hint. */
    void onlyKeys(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = nearest(name, allowed);
                problem(join(path, name), "unknown key" + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
            }
        }
    }

    /** The child object at {@code key}, or null when absent (or not an object, which is reported). */
    JsonNode object(JsonNode parent, String path, String key, boolean required) {
        JsonNode node = present(parent, key);
        String at = join(path, key);
        if (node == null) {
            if (required) {
                problem(at, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            problem(at, "must be a mapping of keys to values (was " + describe(node) + ")");
            return null;
        }
        return node;
    }

    String text(JsonNode parent, String path, String key, String fallback, boolean required) {
        JsonNode node = present(parent, key);
        String at = join(path, key);
        if (node == null) {
            if (required) {
                problem(at, "is required");
            }
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(at, "must be a non-empty string (was " + describe(node) + ")");
            return fallback;
        }
        return node.asText().strip();
    }

    String choice(JsonNode parent, String path, String key, String fallback, List<String> allowed) {
        String value = text(parent, path, key, fallback, false);
        if (value != null && !allowed.contains(value)) {
            problem(join(path, key), "must be one of " + String.join(", ", allowed) + " (was \"" + value + "\")");
            return fallback;
        }
        return value;
    }

    int integer(JsonNode parent, String path, String key, int fallback, int min, int max) {
        JsonNode node = present(parent, key);
        String at = join(path, key);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(at, "must be an integer (was " + describe(node) + ")");
            return fallback;
        }
        int value = node.intValue();
        if (value < min || value > max) {
            problem(at, "must be between " + min + " and " + max + " (was " + value + ")");
            return fallback;
        }
        return value;
    }

    double number(JsonNode parent, String path, String key, double fallback, double minExclusive, double max) {
        JsonNode node = present(parent, key);
        String at = join(path, key);
        if (node == null) {
            return fallback;
        }
        if (!node.isNumber()) {
            problem(at, "must be a number (was " + describe(node) + ")");
            return fallback;
        }
        double value = node.doubleValue();
        if (!(value > minExclusive && value <= max)) {
            problem(at, "must be greater than " + trim(minExclusive) + " and at most " + trim(max) + " (was " + trim(value) + ")");
            return fallback;
        }
        return value;
    }

    boolean bool(JsonNode parent, String path, String key, boolean fallback) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problem(join(path, key), "must be true or false (was " + describe(node) + ")");
            return fallback;
        }
        return node.booleanValue();
    }

    List<String> strings(JsonNode parent, String path, String key, List<String> fallback) {
        JsonNode node = present(parent, key);
        String at = join(path, key);
        if (node == null) {
            return fallback;
        }
        if (!node.isArray()) {
            problem(at, "must be a list of strings (was " + describe(node) + ")");
            return fallback;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(at + "[" + i + "]", "must be a non-empty string (was " + describe(item) + ")");
            } else {
                values.add(item.asText().strip());
            }
        }
        return List.copyOf(values);
    }

    /** The list at {@code key}, or null when absent (or not a list, which is reported). */
    JsonNode list(JsonNode parent, String path, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            problem(join(path, key), "must be a list (was " + describe(node) + ")");
            return null;
        }
        return node;
    }

    /** A child that is there and not an explicit null. */
    static JsonNode present(JsonNode parent, String key) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(key);
        return node == null || node.isNull() ? null : node;
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String nearest(String name, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
