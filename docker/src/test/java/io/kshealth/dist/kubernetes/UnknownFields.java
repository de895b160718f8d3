package io.kshealth.dist.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a manifest that the Kubernetes model does not know. fabric8's model classes keep
 * whatever they do not know in an {@code additionalProperties} map instead of refusing it (a
 * {@code @JsonAnySetter}), so binding alone never fails on a misspelled field: this walks the bound
 * object, through every field the model declares ({@code @JsonProperty}), lists and maps, and
 * collects the keys of every {@code additionalProperties} found, at their path in the manifest.
 */
final class UnknownFields {

  private final List<String> paths = new ArrayList<>();

  private UnknownFields() {}

  /** The paths, such as {@code spec.template.spec.initContainers[0].restartPolicyy}. */
  static List<String> in(Object resource) {
    UnknownFields found = new UnknownFields();
    found.walk(resource, "");
    return List.copyOf(found.paths);
  }

  private void walk(Object value, String path) {
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walkIfSet(list.get(i), path + "[" + i + "]");
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, entry) -> walkIfSet(entry, join(path, String.valueOf(key))));
    } else if (value.getClass().getName().startsWith("io.fabric8.")) {
      for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          JsonProperty property = field.getAnnotation(JsonProperty.class);
          if (property != null) {
            walkIfSet(read(field, value), join(path, property.value()));
          }
        }
      }
      additionalPropertyNames(value).forEach(name -> paths.add(join(path, name)));
    }
  }

  private void walkIfSet(@Nullable Object value, String path) {
    if (value != null) {
      walk(value, path);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static @Nullable Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  /** The keys of the model object's {@code additionalProperties}; none for a class without it. */
  private static List<String> additionalPropertyNames(Object modelObject) {
    Method getter;
    try {
      getter = modelObject.getClass().getMethod("getAdditionalProperties");
    } catch (NoSuchMethodException e) {
      return List.of();
    }
    try {
      return getter.invoke(modelObject) instanceof Map<?, ?> map
          ? map.keySet().stream().map(String::valueOf).toList()
          : List.of();
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
