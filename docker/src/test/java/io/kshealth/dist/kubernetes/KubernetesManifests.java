package io.kshealth.dist.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Kubernetes manifest files bound to fabric8's Kubernetes API model: each YAML document becomes the
 * model class its {@code apiVersion} and {@code kind} name, and is refused when the model does not
 * know the kind, a field ({@link UnknownFields}) or a value's type. Every problem of every file is
 * reported at once, each naming the file, the document and the field's path.
 */
final class KubernetesManifests {

  /** One bound document: its file (relative to the repository), its number in it, the resource. */
  record Document(String file, int number, KubernetesResource resource) {}

  /** The documents that bound cleanly, and one line per problem of the others. */
  record Bound(List<Document> documents, List<String> problems) {}

  /**
   * Kubernetes refuses a number or a boolean where the API wants a string (an env value of 30, a
   * label value of true), where Jackson would turn it into one: so do we.
   */
  private static final JsonMapper MODEL =
      JsonMapper.builder()
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private KubernetesManifests() {}

  /** Every document of the files, or an {@link AssertionError} listing every problem. */
  static List<Document> read(List<Path> files) {
    Bound bound = bind(files);
    if (!bound.problems().isEmpty()) {
      throw new AssertionError(
          "manifests the Kubernetes model refuses:\n" + String.join("\n", bound.problems()));
    }
    return bound.documents();
  }

  static Bound bind(List<Path> files) {
    List<Document> documents = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      String name = REPOSITORY.relativize(file.toAbsolutePath().normalize()).toString();
      int number = 0;
      try {
        for (Object yaml : yamlDocuments(file, name)) {
          number++;
          // An empty document (a trailing ---) is skipped, as kubectl skips it.
          if (yaml != null) {
            String where = name + ", document " + number + describe(yaml);
            int n = number;
            bind(yaml, where, problems)
                .ifPresent(resource -> documents.add(new Document(name, n, resource)));
          }
        }
      } catch (YamlEngineException e) {
        problems.add(name + ", document " + (number + 1) + ": not YAML: " + e.getMessage());
      }
    }
    return new Bound(List.copyOf(documents), List.copyOf(problems));
  }

  private static Iterable<Object> yamlDocuments(Path file, String name) {
    try {
      return new Load(LoadSettings.builder().setLabel(name).build())
          .loadAllFromString(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<KubernetesResource> bind(
      Object yaml, String where, List<String> problems) {
    KubernetesResource resource;
    try {
      resource = MODEL.convertValue(yaml, KubernetesResource.class);
    } catch (JacksonException e) {
      problems.add(where + ": " + path(e) + ": " + e.getOriginalMessage());
      return Optional.empty();
    }
    if (resource instanceof GenericKubernetesResource) {
      problems.add(where + ": this apiVersion and kind are not in the Kubernetes model");
      return Optional.empty();
    }
    List<String> unknown = UnknownFields.in(resource);
    unknown.forEach(path -> problems.add(where + ": " + path + ": not a field of the model"));
    return unknown.isEmpty() ? Optional.of(resource) : Optional.empty();
  }

  /** " (Deployment my-app)", from the document as written. */
  private static String describe(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      Object metadata = map.get("metadata");
      Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
      return " (" + map.get("kind") + " " + name + ")";
    }
    return "";
  }

  /** The path of the field a binding error is about, such as {@code spec.replicas}. */
  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(the document)" : path.toString();
  }
}
