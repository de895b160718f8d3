package io.kshealth.demo.app;

import java.util.List;

/**
 * The topics of one sample app, named after its {@code application.id} so that every test and every
 * demo run has its own.
 *
 * @param events user events, keyed by user id; also carries the fault switches' control records
 * @param profiles user profiles, keyed by user id, read as a KTable
 * @param enriched events joined with profiles: the app's output
 */
public record SampleTopics(String events, String profiles, String enriched) {

  /** Both input topics must have this many partitions: the stream-table join co-partitions them. */
  public static final int PARTITIONS = 6;

  public static SampleTopics of(String applicationId) {
    return new SampleTopics(
        applicationId + ".events", applicationId + ".profiles", applicationId + ".enriched");
  }

  public List<String> all() {
    return List.of(events, profiles, enriched);
  }

  /** The changelog Kafka Streams keeps for a store of this app. */
  public static String changelog(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }
}
