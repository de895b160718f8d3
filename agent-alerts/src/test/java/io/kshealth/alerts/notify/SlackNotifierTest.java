package io.kshealth.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The message text a Slack incoming webhook receives. */
class SlackNotifierTest {

  private LoopbackReceiver slack;
  private SlackNotifier notifier;

  @BeforeEach
  void start() throws Exception {
    slack = new LoopbackReceiver();
    notifier =
        new SlackNotifier(
            "team-slack",
            slack.url("/services/T000/B000/XXXXSECRET"),
            HttpOptions.plain(Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private String text(int request) throws Exception {
    Map<String, Object> body = JSON.std.mapFrom(slack.requests().get(request).body());
    assertEquals(List.of("text"), List.copyOf(body.keySet()));
    return (String) body.get("text");
  }

  @Test
  void firingAlertReadsAsHeadlineSummaryDescriptionLabelsAndRunbook() throws Exception {
    Map<String, String> annotations =
        Map.of(
            "summary", "Volume vol-1 runs out of burst credits",
            "description", "Credits at 31%, gone in about 40 minutes.",
            "runbook_url", "https://runbooks.example.com/ebs?team=a&b");
    notifier.send(List.of(Alerts.firing(Alerts.ebs("vol-1"), annotations)));

    LoopbackReceiver.Request r = slack.single();
    assertEquals("POST", r.method());
    assertEquals("/services/T000/B000/XXXXSECRET", r.path());
    assertEquals("application/json", r.contentType());
    assertEquals(
        ":fire: *FIRING* `EbsBurstCreditsRunningOut` · critical\n"
            + "Volume vol-1 runs out of burst credits\n"
            + "Credits at 31%, gone in about 40 minutes.\n"
            + "`volume=vol-1`\n"
            + "<https://runbooks.example.com/ebs?team=a&amp;b|runbook>",
        text(0));
  }

  @Test
  void resolvedAlertSaysHowLongItFired() throws Exception {
    notifier.send(
        List.of(
            Alerts.resolved(
                Map.of("alertname", "EbsBurstCreditsRunningOut", "volume", "vol-2"),
                Map.of("summary", "Volume vol-2 runs out of burst credits"))));

    assertEquals(
        ":white_check_mark: *RESOLVED* `EbsBurstCreditsRunningOut` after 23m\n"
            + "Volume vol-2 runs out of burst credits\n"
            + "`volume=vol-2`",
        text(0));
  }

  @Test
  void escapesSlacksControlCharactersInLabelsAndAnnotations() throws Exception {
    notifier.send(
        List.of(
            Alerts.firing(
                Map.of("alertname", "Odd", "topic", "<orders>&co"),
                Map.of("summary", "lag > 5m & <growing>"))));

    String text = text(0);
    assertTrue(text.contains("\nlag &gt; 5m &amp; &lt;growing&gt;\n"), text);
    assertTrue(text.endsWith("`topic=&lt;orders&gt;&amp;co`"), text);
  }

  @Test
  void postsOneMessagePerAlertNameAndCutsLongOnes() throws Exception {
    List<AlertMessage> batch = new ArrayList<>();
    for (int i = 0; i < SlackNotifier.MAX_ALERTS_PER_MESSAGE + 3; i++) {
      batch.add(Alerts.firing(Alerts.ebs("vol-" + i), Map.of()));
    }
    batch.add(Alerts.firing(Map.of("alertname", "ConsumerLag"), Map.of()));
    notifier.send(batch);

    assertEquals(2, slack.requests().size());
    String ebs = text(0);
    assertEquals(
        SlackNotifier.MAX_ALERTS_PER_MESSAGE, ebs.split(":fire:", -1).length - 1, "alerts shown");
    assertTrue(ebs.endsWith("\n\n_…and 3 more_"), ebs);
    assertEquals(":fire: *FIRING* `ConsumerLag`", text(1));
  }

  @Test
  void durationsReadAtAGlance() {
    assertEquals("40s", SlackNotifier.lasted(Duration.ofSeconds(40)));
    assertEquals("23m", SlackNotifier.lasted(Duration.ofMinutes(23).plusSeconds(59)));
    assertEquals("1h 5m", SlackNotifier.lasted(Duration.ofMinutes(65)));
    assertEquals("2h", SlackNotifier.lasted(Duration.ofHours(2)));
    assertEquals("2d 3h", SlackNotifier.lasted(Duration.ofHours(51).plusMinutes(10)));
  }

  @Test
  void describeHidesTheWebhooksSecretPath() {
    assertEquals(
        "slack http://127.0.0.1:" + slack.url("").getPort() + "/****", notifier.describe());
    assertFalse(notifier.resendsActive());
  }
}
