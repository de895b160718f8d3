package io.kshealth.core.health;

import io.kshealth.api.Sample;
import io.kshealth.api.Snapshot;
import io.kshealth.core.schedule.CollectorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the collectors that feed one area show: their latest successful samples, and why the agent
 * cannot see all of it (a collector that has not run yet, or whose last run failed).
 *
 * @param configured whether any collector of the area's types is configured
 * @param seen whether at least one of them has a successful run to show
 */
record AreaSources(boolean configured, boolean seen, SampleIndex samples, List<String> blind) {

  static AreaSources of(
      Set<String> types,
      List<CollectorStatus> collectors,
      Function<String, Optional<Snapshot>> latest) {
    boolean configured = false;
    boolean seen = false;
    List<Sample> samples = new ArrayList<>();
    List<String> blind = new ArrayList<>();
    for (CollectorStatus c : collectors) {
      if (!types.contains(c.type())) {
        continue;
      }
      configured = true;
      if (c.up().isEmpty()) {
        blind.add("waiting for the first run of collector '" + c.name() + "'");
      } else if (!c.up().get()) {
        blind.add(
            "collector '"
                + c.name()
                + "' is failing: "
                + c.lastError().orElse("its last run failed"));
      }
      Optional<Snapshot> snapshot = latest.apply(c.name());
      if (snapshot.isPresent()) {
        seen = true;
        samples.addAll(snapshot.get().samples());
      }
    }
    return new AreaSources(configured, seen, new SampleIndex(samples), List.copyOf(blind));
  }
}
