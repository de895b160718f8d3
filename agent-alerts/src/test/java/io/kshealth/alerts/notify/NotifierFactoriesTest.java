package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.alerts.api.NotifierFactory;
import io.kshealth.core.plugin.PluginDirectory;
import io.kshealth.core.plugin.PluginException;
import io.kshealth.core.testing.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notifier types found by ServiceLoader: the agent's own, and a plug-in jar's next to them. */
class NotifierFactoriesTest {

  private static final List<String> BUILT_IN = List.of("alertmanager", "log", "slack", "webhook");

  @TempDir Path dir;

  /** A jar offering notifier type {@code type}, compiled here as a third party would. */
  private Path notifierJar(String jarName, String type) throws Exception {
    String source =
        """
        package example;

        import io.kshealth.alerts.api.NotifierFactory;
        import io.kshealth.alerts.api.NotifierSettings;
        import io.kshealth.api.ConfigSection;
        import java.util.Optional;

        public final class PagerFactory implements NotifierFactory {
          @Override public String type() { return "%s"; }

          @Override public Optional<NotifierSettings> parse(ConfigSection options) {
            return Optional.empty();
          }
        }
        """
            .formatted(type);
    return PluginJar.with("example/PagerFactory.java", source)
        .service(NotifierFactory.class.getName(), "example.PagerFactory")
        .writeTo(Files.createDirectories(dir.resolve("plugins")).resolve(jarName));
  }

  private NotifierFactories load() throws PluginException {
    return NotifierFactories.load(
        PluginDirectory.open(dir.resolve("plugins"), getClass().getClassLoader()));
  }

  @Test
  void theBuiltInTypesAreListedForServiceLoader() {
    assertEquals(BUILT_IN, List.copyOf(NotifierFactories.builtIn().types()));
    assertTrue(NotifierFactories.builtIn().find("webhook").get() instanceof WebhookNotifierFactory);
  }

  @Test
  void findsAPluginJarsTypeNextToThem() throws Exception {
    notifierJar("pager.jar", "pager");

    NotifierFactories factories = load();

    assertEquals(
        List.of("alertmanager", "log", "pager", "slack", "webhook"),
        List.copyOf(factories.types()));
    assertEquals(
        "kshealth-plugins",
        factories.find("pager").orElseThrow().getClass().getClassLoader().getName());
  }

  @Test
  void refusesAPluginThatTakesABuiltInType() throws Exception {
    Path jar = notifierJar("hook.jar", "webhook");

    PluginException e = assertThrows(PluginException.class, this::load);

    assertTrue(
        e.getMessage()
            .startsWith(
                "notifier type 'webhook' is offered by both"
                    + " io.kshealth.alerts.notify.WebhookNotifierFactory from "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" and example.PagerFactory from " + jar), e.getMessage());
  }
}
