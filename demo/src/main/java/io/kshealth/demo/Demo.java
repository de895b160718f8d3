package io.kshealth.demo;

import io.kshealth.demo.app.Fault;
import io.kshealth.demo.app.SampleStreamsApp.GroupProtocol;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: an embedded Kafka broker, the sample Streams app in its own JVM with a steady input,
 * and the agent's real distribution watching it. {@code --scenario} injects one fault after a
 * delay. Ctrl-C stops everything and deletes every file the demo made.
 */
@Command(
    name = "kshealth-demo",
    mixinStandardHelpOptions = true,
    description = "Runs a Kafka broker, a sample Kafka Streams app and the kshealth agent.")
public final class Demo implements Callable<Integer> {

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description =
          "inject a fault after --fault-after: thread-death, slow-record, stall, slow-consumer,"
              + " memory-growth, restore, eos")
  String scenario;

  @Option(
      names = "--fault-after",
      defaultValue = "20",
      paramLabel = "SECONDS",
      description = "seconds after the app is RUNNING (default: ${DEFAULT-VALUE})")
  int faultAfterSeconds;

  @Option(
      names = "--heal-after",
      defaultValue = "20",
      paramLabel = "SECONDS",
      description =
          "seconds after the first alert fires until the fault is removed: the app restarted,"
              + " the input steady again (default: ${DEFAULT-VALUE})")
  int healAfterSeconds;

  @Option(names = "--rate", defaultValue = "50", description = "input events per second")
  double rate;

  @Option(names = "--group-protocol", defaultValue = "CLASSIC", description = "CLASSIC, STREAMS")
  GroupProtocol groupProtocol;

  @Option(names = "--eos", description = "run the app exactly-once (same as --scenario eos)")
  boolean eos;

  @Option(names = "--port", defaultValue = "19418", description = "the agent's HTTP port")
  int port;

  @Option(names = "--application-id", defaultValue = "kshealth-demo")
  String applicationId;

  @Option(
      names = "--restore-records",
      defaultValue = "1000000",
      description = "changelog records the restore scenario replays")
  int restoreRecords;

  @Option(
      names = "--kshealth-home",
      description = "the unpacked agent distribution (default: the one the build made)")
  Path kshealthHome;

  public static void main(String[] args) {
    // Before any logger exists: the console is for the demo's own lines; warnings that Kafka
    // logs while brokers and clients start and stop would only confuse a newcomer.
    if (System.getProperty("kshealth.testbed.log.level") == null) {
      System.setProperty("kshealth.testbed.log.level", "ERROR");
    }
    CommandLine command =
        new CommandLine(new Demo())
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  cmd.getErr().println("kshealth-demo: " + e.getMessage());
                  return 1;
                });
    System.exit(command.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Fault fault = scenario == null ? null : Fault.of(scenario);
    DemoSettings settings =
        new DemoSettings(
            applicationId,
            groupProtocol,
            eos || fault == Fault.EOS,
            fault == Fault.EOS ? null : fault,
            faultAfterSeconds,
            healAfterSeconds,
            rate,
            port,
            restoreRecords,
            kshealthHome);
    DemoRun run = DemoRun.create(settings, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(run::stop, "demo-shutdown"));
    run.start();
    return run.watch() ? 0 : 1;
  }
}
