package io.vigil.image;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Kubernetes manifest into fabric8's model of the Kubernetes API (generated from Kubernetes' own OpenAPI
 * schemas) and refuses what the API server would: a field of the wrong type fails in Jackson, and a field the schema
 * does not have where it stands (unknown or misplaced), which fabric8 keeps aside in {@code additionalProperties}
 * instead of failing, is reported with its path.
 */
final class StrictManifestReader {

    /** The kinds deploy/kubernetes holds, with the apiVersion each must name. */
    private static final Map<String, Kind> KINDS = Map.of(
            "Deployment", new Kind("apps/v1", Deployment.class),
            "Service", new Kind("v1", Service.class),
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class));

    private record Kind(String apiVersion, Class<? extends HasMetadata> type) {}

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** The manifest as its fabric8 type; IllegalArgumentException with every problem found. */
    HasMetadata read(String name, String text) throws IOException {
        JsonNode tree = yaml.readTree(text);
        if (tree == null || !tree.isObject()) throw new IllegalArgumentException(name + ": not a YAML mapping");
        String kindName = tree.path("kind").asText("");
        Kind kind = KINDS.get(kindName);
        if (kind == null) throw new IllegalArgumentException(name + ": kind '" + kindName + "' is none of " + KINDS.keySet());
        if (!kind.apiVersion().equals(tree.path("apiVersion").asText()))
            throw new IllegalArgumentException(name + ": " + kindName + " needs apiVersion " + kind.apiVersion()
                    + ", not '" + tree.path("apiVersion").asText() + "'");
        HasMetadata resource;
        try {
            resource = yaml.treeToValue(tree, kind.type());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": " + e.getOriginalMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(resource, kindName, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) throw new IllegalArgumentException(name + ": fields the schema does not have: " + unknown);
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null)
            throw new IllegalArgumentException(name + ": metadata.name is required");
        return resource;
    }

    private static void collectUnknown(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) return;
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) collectUnknown(item, path + "[" + i++ + "]", unknown, seen);
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) continue;
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) extra.keySet().forEach(k -> unknown.add(path + "." + k));
                continue;
            }
            collectUnknown(value, path + "." + decapitalize(getter.getName().substring(3)), unknown, seen);
        }
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
