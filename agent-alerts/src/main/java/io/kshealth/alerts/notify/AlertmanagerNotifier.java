package io.kshealth.alerts.notify;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Alertmanager replica, through its API v2 ({@code POST /api/v2/alerts}). Firing alerts are
 * valid for {@code validFor} from the time they are sent, so that Alertmanager resolves them by
 * itself if the agent dies; the dispatcher sends them again well before that.
 */
final class AlertmanagerNotifier implements Notifier {

  private final String name;
  private final URI alerts;
  private final HttpPost post;
  private final Duration validFor;
  private final Clock clock;

  AlertmanagerNotifier(String name, URI base, Duration timeout, Duration validFor, Clock clock) {
    this.name = name;
    String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
    this.alerts = base.resolve(path + "/api/v2/alerts");
    this.post = new HttpPost(timeout, describe());
    this.validFor = validFor;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return "alertmanager " + UrlMask.plain(alerts);
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
    post.send(alerts, JSON.std.asString(body), Optional.empty());
  }
}
