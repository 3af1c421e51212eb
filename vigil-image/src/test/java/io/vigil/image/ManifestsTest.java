package io.vigil.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes against Kubernetes' schemas (fabric8's model of them, read strictly), and against each other. */
class ManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final StrictManifestReader READER = new StrictManifestReader();
    private static final Map<Class<?>, HasMetadata> BY_TYPE = new HashMap<>();

    @BeforeAll
    static void readAll() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            HasMetadata r = READER.read(f.getFileName().toString(), Files.readString(f));
            assertNull(BY_TYPE.put(r.getClass(), r), "one manifest per kind: " + f);
        }
        assertEquals(5, BY_TYPE.size(), "Deployment, Service, ConfigMap, HorizontalPodAutoscaler, PodDisruptionBudget");
    }

    private static <T> T get(Class<T> type) {
        return type.cast(BY_TYPE.get(type));
    }

    @Test
    void deploymentProbesReadinessAndLivenessOnTheServersRoutes() {
        Container c = container();
        assertEquals("/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("http", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(8080, c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow().getContainerPort());
        assertNotNull(c.getResources().getRequests().get("cpu"), "the HPA's utilization needs a CPU request");
        assertNotNull(c.getResources().getRequests().get("memory"));
    }

    @Test
    void podRunsAsTheImagesNonRootUserWithTheDataVolume() {
        PodSpec pod = get(Deployment.class).getSpec().getTemplate().getSpec();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser(), "the image's user (deploy/container/rootfs-setup.sh)");
        Container c = container();
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/data")));
        assertEquals("/data", env(c, "VIGIL_DATA_DIR").getValue());
        Set<String> volumes = Set.copyOf(pod.getVolumes().stream().map(v -> v.getName()).toList());
        c.getVolumeMounts().forEach(m -> assertTrue(volumes.contains(m.getName()), "mount of an undeclared volume " + m.getName()));
    }

    @Test
    void secretsOnlyByReferenceNeverAsValues() {
        Pattern secret = Pattern.compile(".*(PASSWORD|SECRET|ACCESS_KEY|ENCRYPTION_KEY|PSEUDONYM_KEY).*");
        List<EnvVar> env = container().getEnv();
        for (String required : List.of("VIGIL_DB_PASSWORD", "VIGIL_S3_ACCESS_KEY", "VIGIL_S3_SECRET_KEY", "VIGIL_JWT_SECRET")) {
            assertNotNull(env(container(), required).getValueFrom().getSecretKeyRef(), required);
        }
        for (EnvVar e : env) {
            if (secret.matcher(e.getName()).matches()) {
                assertNull(e.getValue(), e.getName() + " must come from a Secret");
                assertEquals("vigil-secrets", e.getValueFrom().getSecretKeyRef().getName());
            }
        }
    }

    @Test
    void configMapHoldsAVigilYamlWithTheExternalDatabaseAndS3AndNoSecret() throws IOException {
        Deployment d = get(Deployment.class);
        ConfigMap cm = get(ConfigMap.class);
        assertTrue(d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals(cm.getMetadata().getName())));
        assertTrue(container().getArgs().contains("/etc/vigil/vigil.yaml"));
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(cm.getData().get("vigil.yaml"));
        assertTrue(yaml.at("/database/url").asText().startsWith("jdbc:postgresql://"));
        assertEquals("s3", yaml.at("/storage/driver").asText());
        assertTrue(yaml.at("/database/password").isMissingNode(), "the password belongs in the Secret");
    }

    @Test
    void serviceAutoscalerAndDisruptionBudgetPointAtTheDeployment() {
        Deployment d = get(Deployment.class);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
                "the Deployment's selector must match its own pods (the API server refuses it otherwise)");
        Service svc = get(Service.class);
        assertTrue(podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()));
        assertEquals("http", svc.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        HorizontalPodAutoscaler hpa = get(HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        assertEquals(d.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2 && hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
        PodDisruptionBudget pdb = get(PodDisruptionBudget.class);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < hpa.getSpec().getMinReplicas(),
                "a budget as large as the smallest replica count would block every node drain");
    }

    /** The reader must refuse what the API server refuses: proof that the checks above stand on a strict read. */
    @Test
    void strictReaderRefusesMisplacedUnknownAndMistypedFields() throws IOException {
        String good = Files.readString(DIR.resolve("deployment.yaml"));
        // readinessProbe one level too high (in the pod's spec instead of the container)
        String misplaced = good.replace("      containers:\n", "      readinessProbe:\n        periodSeconds: 5\n      containers:\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> READER.read("misplaced", misplaced));
        assertTrue(e.getMessage().contains("spec.template.spec.readinessProbe"), e.getMessage());
        String typo = good.replace("readinessProbe:", "readynessProbe:");
        assertThrows(IllegalArgumentException.class, () -> READER.read("typo", typo));
        String mistyped = good.replace("replicas: 2", "replicas: two");
        assertThrows(IllegalArgumentException.class, () -> READER.read("mistyped", mistyped));
        String oldApi = Files.readString(DIR.resolve("hpa.yaml")).replace("autoscaling/v2", "autoscaling/v1");
        assertThrows(IllegalArgumentException.class, () -> READER.read("old api", oldApi));
    }

    private static Container container() {
        List<Container> cs = get(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, cs.size());
        return cs.get(0);
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the container's env"));
    }
}
