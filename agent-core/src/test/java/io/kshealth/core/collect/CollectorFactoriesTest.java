package io.kshealth.core.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kshealth.core.plugin.PluginException;
import io.kshealth.core.testing.PluginCollectorFactory;
import io.kshealth.core.testing.TestCollectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorFactoriesTest {

  @Test
  void findsPluginJarsNextToTheBuiltInTypes() throws Exception {
    CollectorFactories factories =
        CollectorFactories.withPlugins(List.of(new TestCollectors.Factory()), loader());
    assertEquals(List.of("plugin-example", "test"), List.copyOf(factories.types()));
    assertTrue(factories.find("plugin-example").orElseThrow() instanceof PluginCollectorFactory);
  }

  @Test
  void refusesTwoFactoriesForOneType() {
    PluginException e =
        assertThrows(
            PluginException.class,
            () -> CollectorFactories.withPlugins(List.of(new PluginCollectorFactory()), loader()));
    assertTrue(
        e.getMessage().startsWith("collector type 'plugin-example' is offered by both"),
        e.getMessage());
  }

  private static ClassLoader loader() {
    return CollectorFactoriesTest.class.getClassLoader();
  }
}
