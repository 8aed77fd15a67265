package io.vidsift.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a cluster there is no API server to reject a misspelt field (`readinesProbe`), and kustomize passes
 * anything through. So every rendered core object is bound to the Kubernetes API model (fabric8), and any field
 * the model does not know, which it keeps aside as an "additional property", fails the test with its path.
 */
@SuppressWarnings("unchecked")
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

    /** Custom resources without a model here, checked by the other tests for the fields the deployment relies on. */
    private static final List<String> CUSTOM = List.of("keda.sh/v1alpha1 ScaledObject", "keda.sh/v1alpha1 TriggerAuthentication");

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
            if (StrimziModel.isStrimzi(object)) {
                continue; // bound to Strimzi's model below
            }
            if (model == null) {
                assertThat(CUSTOM).as(overlay + ": " + type + " " + Rendered.name(object) + " is a kind these tests know").contains(type);
                continue;
            }
            Object bound = mapper.convertValue(object, model);
            List<String> unknown = new ArrayList<>();
            ModelFields.unknown(bound, object.get("kind") + "/" + Rendered.name(object), unknown);
            assertThat(unknown).as(overlay + ": fields the Kubernetes API does not have").isEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyStrimziResourceBindsToStrimzisModelUnderAVersionItServes(String overlay) {
        List<Map<String, Object>> strimzi = Kustomize.overlay(overlay).objects().stream().filter(StrimziModel::isStrimzi).toList();
        assertThat(strimzi).extracting(o -> String.valueOf(o.get("kind"))).contains("KafkaTopic", "KafkaUser");
        assertThat(StrimziModel.problems(strimzi)).as(overlay + ": against io.strimzi:api " + StrimziModel.VERSION).isEmpty();
    }

    @Test
    void strimziResourcesUnderARemovedVersionOrWithAnUnknownFieldAreCaught() throws Exception {
        // The check above, shown to bite: a KafkaUser under v1beta2 (Strimzi 1.0 removed it), one with a misspelt field.
        Map<String, Object> user = Kustomize.overlay("dev").ofKind("KafkaUser").get(0);
        Map<String, Object> old = new java.util.LinkedHashMap<>(user);
        old.put("apiVersion", "kafka.strimzi.io/v1beta2");
        Map<String, Object> typo = mapper.readValue(mapper.writeValueAsString(user), Map.class); // a deep copy: the render is cached
        ((Map<String, Object>) typo.get("spec")).put("authorisation", Map.of("type", "simple"));
        assertThat(StrimziModel.problems(List.of(old, typo))).containsExactly(
                "KafkaUser " + Rendered.name(user) + ": kafka.strimzi.io/v1beta2 is not a version Strimzi serves ([v1])",
                "KafkaUser " + Rendered.name(user) + ": unknown field KafkaUser/" + Rendered.name(user) + ".spec.authorisation");
    }
}
