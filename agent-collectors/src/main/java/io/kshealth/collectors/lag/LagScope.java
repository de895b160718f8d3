package io.kshealth.collectors.lag;

/** Which partitions of the group one agent reports (docs/lag.md, "Scope"). */
enum LagScope {
  /** Every partition of the group. */
  GROUP,
  /** The partitions assigned to the watched instance's consumers. */
  INSTANCE,
  /**
   * The whole group from the agent whose instance owns partition 0 of the group's alphabetically
   * first topic; its own partitions from every other agent.
   */
  LEADER
}
