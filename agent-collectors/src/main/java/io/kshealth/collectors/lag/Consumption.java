package io.kshealth.collectors.lag;

/** Whether a partition, or the watched instance's client, is consumed this run (docs/lag.md). */
enum Consumption {
  /** Nobody consumes: no members, or the owner's client is stopped, not started or gone. */
  NONE,

  /**
   * Members hold it, but their client rebalances or restores (REBALANCING): it processes nothing
   * yet, and how long that takes is KafkaStreamsRebalancingTooLong's and
   * KafkaStreamsRestoreTooSlow's to judge. No wait for a commit starts; one already under way goes
   * on, so a stall that sets off a rebalance still reads as a stall.
   */
  STARTING,

  /** Members hold it and process it, as far as the agent can tell. */
  PROCESSING
}
