package io.kshealth.collectors;

import io.kshealth.api.CollectorFactory;
import io.kshealth.collectors.cgroup.ContainerCollectorFactory;
import io.kshealth.collectors.disk.DiskCollectorFactory;
import io.kshealth.collectors.ebs.EbsCollectorFactory;
import io.kshealth.collectors.lag.LagCollectorFactory;
import io.kshealth.collectors.node.NodeCollectorFactory;
import io.kshealth.collectors.process.ProcessCollectorFactory;
import io.kshealth.collectors.statedir.StateDirCollectorFactory;
import io.kshealth.collectors.streams.StreamsCollectorFactory;
import java.util.List;

/** The collector types that ship with the agent, listed explicitly. */
public final class BuiltInCollectors {

  private BuiltInCollectors() {}

  public static List<CollectorFactory> all() {
    return List.of(
        new ProcessCollectorFactory(),
        new NodeCollectorFactory(),
        new ContainerCollectorFactory(),
        new DiskCollectorFactory(),
        new StateDirCollectorFactory(),
        new StreamsCollectorFactory(),
        new EbsCollectorFactory(),
        new LagCollectorFactory());
  }
}
