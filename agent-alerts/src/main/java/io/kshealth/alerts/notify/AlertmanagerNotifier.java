package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import io.kshealth.alerts.api.AlertMessage;
import io.kshealth.alerts.api.Notifier;
import io.kshealth.core.text.Redact;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Alertmanager replica, through its API v2 ({@code POST /api/v2/alerts}). A firing alert is
 * sent valid for {@code validFor} from the time it is sent, so that Alertmanager resolves it by
 * itself if the agent dies; the dispatcher sends it again well before that.
 */
final class AlertmanagerNotifier implements Notifier {

  private final String name;
  private final URI endpoint;
  private final Duration validFor;
  private final Clock clock;
  private final String auth;
  private final HttpPost post;

  /**
   * @param base the replica's URL, such as {@code http://am-0:9093} or, behind a path prefix,
   *     {@code http://proxy/alertmanager}
   */
  AlertmanagerNotifier(String name, URI base, HttpOptions options, Duration validFor, Clock clock) {
    this.name = name;
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    this.endpoint = base.resolve(prefix + "/api/v2/alerts");
    this.validFor = validFor;
    this.clock = clock;
    this.auth = options.describe();
    this.post = new HttpPost(endpoint, options, describe());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "alertmanager " + Redact.url(endpoint) + (auth.isEmpty() ? "" : " (" + auth + ")");
  }

  @Override
  public boolean resendsActive() {
    return true;
  }

  @Override
  public void send(List<AlertMessage> batch) throws IOException {
    Instant validUntil = clock.instant().plus(validFor);
    List<Map<String, Object>> body = new ArrayList<>();
    for (AlertMessage a : batch) {
      body.add(AlertJson.postable(a, validUntil));
    }
    post.send(JSON.std.asString(body));
  }
}
