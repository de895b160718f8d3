package io.kshealth.dist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kshealth.dist.docs.DocNames.Kind;
import io.kshealth.dist.docs.DocNames.Mention;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocNamesTest {

  private static final Set<String> EMITTED =
      Set.of(
          "kshealth_process_up",
          "kshealth_process_cpu_seconds_total",
          "kshealth_streams_thread_commit_latency_avg_seconds",
          "kshealth_streams_thread_commit_latency_max_seconds",
          "kshealth_streams_thread_poll_ratio",
          "kshealth_node_load1",
          "kshealth_node_load5",
          "kshealth_node_load15",
          "kshealth_target_jvm_gc_seconds_total",
          "kshealth_streams_client_state",
          "kshealth_streams_client_info");

  private final DocNames docs =
      new DocNames(EMITTED::contains, Set.of("http", "alerting")::contains);

  private List<String> metrics(String text) {
    return docs.markdown(text).stream()
        .filter(m -> m.kind() == Kind.METRIC)
        .map(m -> m.line() + " " + m.name())
        .toList();
  }

  @Test
  void expandsAShorthandAgainstTheNameBeforeIt() {
    assertEquals(
        List.of("1 kshealth_process_up", "1 kshealth_process_cpu_seconds_total"),
        metrics("`process`: `kshealth_process_up`, `_cpu_seconds_total`."));
  }

  @Test
  void aShorthandReplacesTheLongestTailThatGivesAnEmittedName() {
    assertEquals(
        List.of(
            "1 kshealth_streams_thread_commit_latency_avg_seconds",
            "1 kshealth_streams_thread_commit_latency_max_seconds",
            "2 kshealth_streams_thread_poll_ratio"),
        metrics(
            "`kshealth_streams_thread_commit_latency_avg_seconds`, `_max_seconds`,\n`_poll_ratio`"));
  }

  @Test
  void slashFormsAndLabelsInAShorthand() {
    assertEquals(
        List.of(
            "1 kshealth_node_load1",
            "1 kshealth_node_load1",
            "1 kshealth_node_load5",
            "1 kshealth_node_load15",
            "2 kshealth_target_jvm_gc_seconds_total"),
        metrics(
            "`kshealth_node_load1`, `_load1/5/15`\n`kshealth_target_jvm_gc_seconds_total{gc}`"));
    assertEquals(List.of("_load1", "_load5", "_load15"), DocNames.slashForms("_load1/5/15"));
  }

  @Test
  void aSpanThatCrossesALineBreakStartsOnItsFirstLine() {
    assertEquals(
        List.of("1 kshealth_streams_client_state", "2 kshealth_streams_client_info"),
        metrics("`kshealth_streams_client_state{state}`, and\n`_info{version,\nrecording_level}`"));
  }

  @Test
  void aShorthandWithoutANameBeforeItInItsParagraphIsReportedNotGuessed() {
    assertEquals(
        List.of(
            "1 kshealth_process_up",
            "3 `_cpu_seconds_total` (shorthand with no full name before it in its paragraph)"),
        metrics("`kshealth_process_up`\n\n`_cpu_seconds_total`"));
  }

  @Test
  void aShorthandWithNoSuchSiblingIsReportedWithItsAnchor() {
    assertEquals(
        List.of(
            "1 kshealth_process_up",
            "1 `_nonsense_bytes` after kshealth_process_up (no sibling of that name)"),
        metrics("`kshealth_process_up`, `_nonsense_bytes`"));
  }

  @Test
  void wildcardsEndNoNameAndAreNotAnchors() {
    assertEquals(
        List.of(
            "1 kshealth_rocksdb_*",
            "1 `_cpu_seconds_total` (shorthand with no full name before it in its paragraph)",
            "2 jvm_*"),
        metrics("the `kshealth_rocksdb_*` family, `_cpu_seconds_total`\n`jvm_*` and words"));
  }

  @Test
  void namesInsideOtherNamesPathsAndPackagesAreNotMetrics() {
    assertEquals(
        List.of("1 kshealth_process_up"),
        metrics(
            "io.kshealth_x.Foo, bench/process_x.sh, my_kshealth_process_up, x:jvm_y,"
                + " kshealth_process_up"));
  }

  @Test
  void codeFencesAreCodeTheirNamesCountButNoShorthandOrKeys() {
    List<Mention> found =
        docs.markdown(
            "`kshealth_process_up`\n```yaml\nseries: kshealth_node_load1  # `_load5`\n"
                + "`http.listen`\n```\n`_cpu_seconds_total`");
    assertEquals(
        List.of(
            new Mention(Kind.METRIC, "kshealth_process_up", 1),
            new Mention(Kind.METRIC, "kshealth_node_load1", 3),
            new Mention(
                Kind.METRIC,
                "`_cpu_seconds_total` (shorthand with no full name before it in its paragraph)",
                6)),
        found);
  }

  @Test
  void anUnclosedFenceRunsToTheEndAsCode() {
    assertEquals(
        List.of(new Mention(Kind.METRIC, "kshealth_node_load5", 3)),
        docs.markdown("text\n```\nkshealth_node_load5 `_load1`\n`--listen`"));
  }

  @Test
  void anUnbalancedBacktickPairsAsMarkdownDoesAndStaysInItsParagraph() {
    // The lone backtick opens a span up to the next one: "`_load5` is `" is the span's text, and
    // `kshealth_node_load1` after it is still found as a name. The next paragraph is untouched.
    assertEquals(
        List.of("1 kshealth_node_load1", "1 kshealth_node_load1", "3 kshealth_process_up"),
        metrics(
            "`kshealth_node_load1` and ` is `_load5 `kshealth_node_load1\n\n`kshealth_process_up`"));
    assertEquals(List.of(), metrics("`unclosed _load5 and\n`"));
  }

  @Test
  void configKeysFlagsAndEnvironmentVariables() {
    assertEquals(
        List.of(
            new Mention(Kind.CONFIG_KEY, "http.read-timeout", 1),
            new Mention(Kind.CONFIG_KEY, "path", 1),
            new Mention(Kind.CONFIG_KEY, "pid", 1),
            new Mention(Kind.CONFIG_KEY, "alerting.notifiers.<name>", 2),
            new Mention(Kind.FLAG, "--web.config.file", 2),
            new Mention(Kind.ENV, "KSHEALTH_JVM_OPTS", 3),
            new Mention(Kind.ENV, "JAVA_OPTS", 3)),
        docs.markdown(
            "`http.read-timeout`, `path:`, `pid: self`, `state.dir`, `max.poll.interval.ms`\n"
                + "`alerting.notifiers.<name>`, `--web.config.file FILE`, `-Xmx64m`\n"
                + "`KSHEALTH_JVM_OPTS` replaces, JAVA_OPTS adds; JAVA_OPTSX and XKSHEALTH_A are not"));
  }

  @Test
  void yamlIsReadAsCode() {
    assertEquals(
        List.of(
            new Mention(Kind.METRIC, "kshealth_node_load1", 1),
            new Mention(Kind.ENV, "KSHEALTH_STATE_DIR", 2)),
        docs.code("series: kshealth_node_load1 # `_load5`\npath: ${KSHEALTH_STATE_DIR:-/x}\n"));
  }

  @Test
  void emptyAndBlankTextsNameNothing() {
    assertEquals(List.of(), docs.markdown(""));
    assertEquals(List.of(), docs.markdown("\n\n```\n\n"));
    assertEquals(List.of(), docs.markdown("``\n`\n```"));
  }
}
