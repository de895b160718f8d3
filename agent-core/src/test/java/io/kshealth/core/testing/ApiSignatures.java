package io.kshealth.core.testing;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The types a plug-in API names in its public signatures (supertypes, methods, constructors,
 * fields, record components, nested types), so that a test can hold the API to the JDK and itself.
 */
public final class ApiSignatures {

  private ApiSignatures() {}

  /**
   * Every type the public signatures of the package's compiled classes under {@code classes} name.
   */
  public static Set<String> namedTypes(Path classes, String pkg) throws Exception {
    Set<String> named = new TreeSet<>();
    for (Class<?> type : classes(classes, pkg)) {
      if (!Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      add(named, type.getGenericSuperclass());
      Arrays.stream(type.getGenericInterfaces()).forEach(t -> add(named, t));
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          add(named, m.getGenericReturnType());
          Arrays.stream(m.getGenericParameterTypes()).forEach(t -> add(named, t));
          Arrays.stream(m.getGenericExceptionTypes()).forEach(t -> add(named, t));
        }
      }
      for (var c : type.getDeclaredConstructors()) {
        if (Modifier.isPublic(c.getModifiers())) {
          Arrays.stream(c.getGenericParameterTypes()).forEach(t -> add(named, t));
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          add(named, f.getGenericType());
        }
      }
      if (type.isRecord()) {
        for (RecordComponent rc : type.getRecordComponents()) {
          add(named, rc.getGenericType());
        }
      }
    }
    return named;
  }

  private static List<Class<?>> classes(Path classes, String pkg) throws IOException {
    Path dir = classes.resolve(pkg.replace('.', '/'));
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
          .<Class<?>>map(n -> load(pkg + "." + n.substring(0, n.length() - ".class".length())))
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiSignatures.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(Set<String> named, Type type) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      Class<?> base = c;
      while (base.isArray()) {
        base = base.getComponentType();
      }
      if (!base.isPrimitive()) {
        named.add(base.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      add(named, p.getRawType());
      Arrays.stream(p.getActualTypeArguments()).forEach(t -> add(named, t));
    } else if (type instanceof WildcardType w) {
      Arrays.stream(w.getUpperBounds()).forEach(t -> add(named, t));
      Arrays.stream(w.getLowerBounds()).forEach(t -> add(named, t));
    } else if (type instanceof TypeVariable<?> v) {
      Arrays.stream(v.getBounds())
          .filter(b -> !(b instanceof ParameterizedType p && p.getRawType() == Enum.class))
          .forEach(t -> add(named, t));
    }
  }
}
