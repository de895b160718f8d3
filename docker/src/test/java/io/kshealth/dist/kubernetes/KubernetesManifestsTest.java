package io.kshealth.dist.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.kshealth.dist.kubernetes.KubernetesManifests.Bound;
import io.kshealth.dist.kubernetes.KubernetesManifests.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/kubernetes/}: every manifest is checked against the Kubernetes API model (no field
 * the model does not know), then for what a user deploying it relies on: a native sidecar that can
 * attach to the app, the app's probes answered by it, its config valid for the agent.
 */
class KubernetesManifestsTest {

  private static final Path DEPLOY = Path.of("../deploy/kubernetes");
  private static final Path ABUSE = Path.of("src/test/resources/kubernetes");
  private static final String SIDECAR = "kshealth";
  private static final int SIDECAR_PORT = 19418;

  /** Where the image keeps its rule pack: config/rules/ of the same build (the Dockerfile). */
  private static final String IMAGE_RULES = "/etc/kshealth/rules/";

  private final List<Document> documents = KubernetesManifests.read(manifestFiles());

  @Test
  void everyManifestBindsToTheKubernetesModelWithNoFieldItDoesNotKnow() {
    assertEquals(
        List.of("ConfigMap", "Deployment", "PodMonitor"),
        documents.stream().map(d -> ((HasMetadata) d.resource()).getKind()).sorted().toList());
  }

  @Test
  void theSidecarIsANativeSidecarThatIsUpBeforeTheAppStarts() {
    Container sidecar = sidecar();
    assertEquals("Always", sidecar.getRestartPolicy());
    assertEquals("kshealth:latest", sidecar.getImage());
    assertTrue(pod().getContainers().stream().noneMatch(c -> c.getName().equals(SIDECAR)));
    // The app container starts once the sidecar's startupProbe passes.
    assertHttpGet("/readyz", new IntOrString(SIDECAR), sidecar.getStartupProbe().getHttpGet());
    assertHttpGet("/readyz", new IntOrString(SIDECAR), sidecar.getReadinessProbe().getHttpGet());
    assertHttpGet("/healthz", new IntOrString(SIDECAR), sidecar.getLivenessProbe().getHttpGet());
    assertEquals(SIDECAR_PORT, port(sidecar, SIDECAR).getContainerPort());
  }

  @Test
  void theAppsProbesAskTheSidecarInTheSamePod() {
    Container app = app();
    IntOrString sidecarPort = new IntOrString(SIDECAR_PORT);
    assertHttpGet("/probe/app/ready", sidecarPort, app.getReadinessProbe().getHttpGet());
    assertHttpGet("/probe/app/live", sidecarPort, app.getLivenessProbe().getHttpGet());
    assertNull(app.getStartupProbe(), "/probe/app/live waits out the app's start itself");
  }

  @Test
  void theSidecarCanAttachToTheApp() {
    PodSpec pod = pod();
    assertEquals(Boolean.TRUE, pod.getShareProcessNamespace());
    assertEquals(emptyDir(mount(sidecar(), "/tmp")), emptyDir(mount(app(), "/tmp")));
    // HotSpot's attach listener accepts only its own effective UID and GID.
    Long uid = sidecar().getSecurityContext().getRunAsUser();
    Long gid = sidecar().getSecurityContext().getRunAsGroup();
    assertNotNull(uid);
    assertNotNull(gid);
    assertEquals(uid, app().getSecurityContext().getRunAsUser());
    assertEquals(gid, app().getSecurityContext().getRunAsGroup());
    assertNotNull(pod.getSecurityContext().getFsGroup(), "emptyDirs writable by the group");
  }

  @Test
  void theDataDirIsAnEmptyDirAndTheStateDirIsSharedWithTheApp() {
    Map<String, String> env = sidecarEnvironment();
    emptyDir(mount(sidecar(), env.get("KSHEALTH_DATA_DIR")));
    String stateDir = env.get("KSHEALTH_STATE_DIR");
    assertEquals(mount(app(), stateDir).getName(), mount(sidecar(), stateDir).getName());
    assertTrue(env.containsKey("KSHEALTH_KAFKA_BOOTSTRAP"), env::toString);
    assertTrue(env.containsKey("KSHEALTH_COMMIT_INTERVAL"), env::toString);
  }

  @Test
  void theSidecarsMemoryRequestAndLimitAreAboveWhatTheAgentWasMeasuredToUse() {
    Map<String, Quantity> requests = sidecar().getResources().getRequests();
    Map<String, Quantity> limits = sidecar().getResources().getLimits();
    assertNotNull(requests.get("cpu"));
    assertNotNull(limits.get("cpu"));
    // docs/benchmarks.md: 135.1 MiB once the history window is full (soak); about 29 MiB more
    // where the AWS SDK works (the ebs collector on EC2).
    assertTrue(mebibytes(requests.get("memory")) > 135.1, requests::toString);
    assertTrue(mebibytes(limits.get("memory")) > 135.1 + 29, limits::toString);
  }

  @Test
  void theSidecarRunsTheConfigMapsFileMountedAsADirectory() {
    Container sidecar = sidecar();
    // The image's ENTRYPOINT holds a --config of its own: args alone would be appended to it.
    assertEquals(List.of("/opt/kshealth/bin/kshealth"), sidecar.getCommand());
    List<String> args = sidecar.getArgs();
    assertEquals(List.of("run", "--config"), args.subList(0, 2));
    Path config = Path.of(args.get(2));
    VolumeMount mount = mount(sidecar, config.getParent().toString());
    // A subPath mount never sees an update of its ConfigMap.
    assertNull(mount.getSubPath());
    assertEquals(
        the(ConfigMap.class).getMetadata().getName(), volume(mount).getConfigMap().getName());
    assertTrue(the(ConfigMap.class).getData().containsKey(config.getFileName().toString()));
  }

  @Test
  void theConfigMapsConfigPassesCheckConfigWithTheSidecarsEnvironment(@TempDir Path dir)
      throws Exception {
    String yaml = the(ConfigMap.class).getData().get("kshealth.yaml");
    String local =
        yaml.replace(IMAGE_RULES, Path.of("../config/rules").toAbsolutePath().normalize() + "/");
    assertNotEquals(yaml, local, "the config names the image's rule pack, " + IMAGE_RULES);
    Path config = Files.writeString(dir.resolve("kshealth.yaml"), local);

    LauncherCheckConfig.Result result = LauncherCheckConfig.run(config, sidecarEnvironment());

    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains(config + ": valid"), result.output());
    String dataDir = sidecarEnvironment().get("KSHEALTH_DATA_DIR");
    assertTrue(result.output().contains("saved to " + dataDir), result.output());
  }

  @Test
  void thePodMonitorScrapesTheSidecarOfTheDeploymentsPods() {
    PodMonitor monitor = the(PodMonitor.class);
    Map<String, String> podLabels =
        the(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
    assertTrue(
        !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet()),
        selector::toString);
    assertTrue(monitor.getSpec().getSelector().getMatchExpressions().isEmpty());
    PodMetricsEndpoint endpoint = monitor.getSpec().getPodMetricsEndpoints().get(0);
    assertEquals("/metrics", endpoint.getPath());
    assertEquals(SIDECAR_PORT, port(sidecar(), endpoint.getPort()).getContainerPort());
  }

  @Test
  void aMisspelledFieldIsRefusedNamingTheFileTheDocumentAndThePath() {
    Bound bound = KubernetesManifests.bind(List.of(ABUSE.resolve("misspelled-field.yaml")));

    String file = "docker/src/test/resources/kubernetes/misspelled-field.yaml";
    assertEquals(
        List.of(
            file
                + ", document 2 (Deployment my-streams-app):"
                + " spec.template.spec.initContainers[0].restartPolicyy: not a field of the model",
            file
                + ", document 3 (PodMonitor my-streams-app-kshealth): spec.podMetricEndpoints: not a"
                + " field of the model"),
        bound.problems());
    assertEquals(1, bound.documents().size(), "the ConfigMap before them is fine");
  }

  @Test
  void anUnknownKindAndValuesOfTheWrongTypeAreRefused() {
    Bound bound = KubernetesManifests.bind(List.of(ABUSE.resolve("wrong-kind-and-types.yaml")));

    String file = "docker/src/test/resources/kubernetes/wrong-kind-and-types.yaml";
    List<String> problems = bound.problems();
    assertEquals(3, problems.size(), problems::toString);
    assertEquals(
        file
            + ", document 1 (Deploymnet misspelled-kind): this apiVersion and kind are not in the"
            + " Kubernetes model",
        problems.get(0));
    assertTrue(
        problems
            .get(1)
            .startsWith(
                file + ", document 2 (Pod unquoted-env-value): spec.containers[0].env[0].value: "),
        problems.get(1));
    assertTrue(
        problems
            .get(2)
            .startsWith(file + ", document 3 (Deployment replicas-in-words): spec.replicas: "),
        problems.get(2));
  }

  private static List<Path> manifestFiles() {
    try (Stream<Path> files = Files.list(DEPLOY)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T the(Class<T> type) {
    List<T> found =
        documents.stream()
            .map(Document::resource)
            .filter(type::isInstance)
            .map(type::cast)
            .toList();
    assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + DEPLOY);
    return found.get(0);
  }

  private PodSpec pod() {
    return the(Deployment.class).getSpec().getTemplate().getSpec();
  }

  private Container sidecar() {
    return pod().getInitContainers().stream()
        .filter(c -> c.getName().equals(SIDECAR))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no init container " + SIDECAR));
  }

  private Container app() {
    List<Container> containers = pod().getContainers();
    assertEquals(1, containers.size(), "the app's container");
    return containers.get(0);
  }

  private Map<String, String> sidecarEnvironment() {
    return sidecar().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static VolumeMount mount(Container container, String path) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
  }

  private Volume volume(VolumeMount mount) {
    return pod().getVolumes().stream()
        .filter(v -> v.getName().equals(mount.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
  }

  /** The name of the mount's volume, an emptyDir. */
  private String emptyDir(VolumeMount mount) {
    assertNotNull(volume(mount).getEmptyDir(), mount.getName() + " is an emptyDir");
    return mount.getName();
  }

  private static ContainerPort port(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name));
  }

  private static void assertHttpGet(String path, IntOrString port, HTTPGetAction get) {
    assertEquals(path, get.getPath());
    assertEquals(port, get.getPort());
  }

  private static double mebibytes(Quantity quantity) {
    return Quantity.getAmountInBytes(quantity).divide(BigDecimal.valueOf(1 << 20)).doubleValue();
  }
}
