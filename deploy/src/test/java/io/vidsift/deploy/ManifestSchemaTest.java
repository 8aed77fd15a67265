package io.vidsift.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a cluster there is no API server to reject a misspelt field (`readinesProbe`), and kustomize passes
 * anything through. So every rendered core object is bound to the Kubernetes API model (fabric8), and any field
 * the model does not know, which it keeps aside as an "additional property", fails the test with its path.
 */
class ManifestSchemaTest {

    private static final Map<String, Class<?>> MODEL = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
            "v1 Namespace", Namespace.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class,
            "policy/v1 PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);

    /** Custom resources, checked by the other tests for the fields the deployment relies on. */
    private static final List<String> CUSTOM = List.of("kafka.strimzi.io/v1beta2 Kafka", "kafka.strimzi.io/v1beta2 KafkaNodePool",
            "kafka.strimzi.io/v1beta2 KafkaTopic", "keda.sh/v1alpha1 ScaledObject");

    private final ObjectMapper mapper = new ObjectMapper();

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyCoreObjectUsesOnlyFieldsOfItsApiVersion(String overlay) throws Exception {
        int checked = 0;
        for (Map<String, Object> object : Kustomize.overlay(overlay).objects()) {
            String type = object.get("apiVersion") + " " + object.get("kind");
            Class<?> model = MODEL.get(type);
            if (model == null) {
                assertThat(CUSTOM).as(overlay + ": " + type + " " + Rendered.name(object) + " is a kind these tests know").contains(type);
                continue;
            }
            Object bound = mapper.convertValue(object, model);
            List<String> unknown = new ArrayList<>();
            unknownFields(bound, object.get("kind") + "/" + Rendered.name(object), unknown);
            assertThat(unknown).as(overlay + ": fields the Kubernetes API does not have").isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    private static void unknownFields(Object node, String path, List<String> unknown) throws Exception {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "[" + entry.getKey() + "]", unknown);
            }
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(value, path + "." + field, unknown);
        }
    }
}
