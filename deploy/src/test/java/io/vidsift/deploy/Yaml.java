package io.vidsift.deploy;

import org.yaml.snakeyaml.LoaderOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Navigation over snakeyaml's maps and lists, failing with the path when the shape is not what a test expects. */
final class Yaml {

    private Yaml() {
    }

    static Object load(String text) {
        return parser().load(text);
    }

    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : parser().loadAll(text)) {
            if (document != null) {
                documents.add(map(document, "document"));
            }
        }
        return documents;
    }

    private static org.yaml.snakeyaml.Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new org.yaml.snakeyaml.Yaml(options);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String what) {
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError(what + " is not a mapping: " + node);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String what) {
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new AssertionError(what + " is not a list: " + node);
    }

    /** The node at a dotted path ("spec.template.spec"), or null when any step is missing. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    static Map<String, Object> mapAt(Object node, String path) {
        Object found = at(node, path);
        return found == null ? Map.of() : map(found, path);
    }

    static List<Object> listAt(Object node, String path) {
        Object found = at(node, path);
        return found == null ? List.of() : list(found, path);
    }

    static String text(Object node, String path) {
        Object found = at(node, path);
        return found == null ? null : found.toString();
    }
}
