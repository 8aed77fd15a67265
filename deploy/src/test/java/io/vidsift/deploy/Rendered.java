package io.vidsift.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of one rendered overlay, with the lookups the tests need. */
record Rendered(List<Map<String, Object>> objects) {

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(Yaml.text(o, "metadata.name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered overlay"));
    }

    static String name(Map<String, Object> object) {
        return Yaml.text(object, "metadata.name");
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String field : List.of("spec.template.spec.containers", "spec.template.spec.initContainers")) {
            for (Object c : Yaml.listAt(workload, field)) {
                containers.add(Yaml.map(c, field));
            }
        }
        return containers;
    }

    /**
     * The environment a container gets: envFrom ConfigMaps resolved against this render (later entries win), then
     * its env list. Values from secrets or fields are shown as "<from ...>".
     */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object source : Yaml.listAt(container, "envFrom")) {
            String configMap = Yaml.text(source, "configMapRef.name");
            if (configMap != null) {
                Yaml.mapAt(get("ConfigMap", configMap), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Object entry : Yaml.listAt(container, "env")) {
            String name = Yaml.text(entry, "name");
            Object value = Yaml.at(entry, "value");
            env.put(name, value != null ? value.toString() : "<from " + Yaml.at(entry, "valueFrom") + ">");
        }
        return env;
    }

    /** Every Secret name a pod template refers to: envFrom, env valueFrom, volumes (plain and projected). Image pull
     * secrets are not counted: the kubelet uses them, the application never sees them. */
    static List<String> secretReferences(Map<String, Object> workload) {
        List<String> secrets = new ArrayList<>();
        for (Map<String, Object> container : containers(workload)) {
            for (Object source : Yaml.listAt(container, "envFrom")) {
                addIfPresent(secrets, Yaml.text(source, "secretRef.name"));
            }
            for (Object entry : Yaml.listAt(container, "env")) {
                addIfPresent(secrets, Yaml.text(entry, "valueFrom.secretKeyRef.name"));
            }
        }
        for (Object volume : Yaml.listAt(workload, "spec.template.spec.volumes")) {
            addIfPresent(secrets, Yaml.text(volume, "secret.secretName"));
            for (Object source : Yaml.listAt(volume, "projected.sources")) {
                addIfPresent(secrets, Yaml.text(source, "secret.name"));
            }
        }
        return secrets;
    }

    private static void addIfPresent(List<String> into, String value) {
        if (value != null) {
            into.add(value);
        }
    }
}
