package io.kshealth.core.http.web;

import io.kshealth.api.Labels;
import io.kshealth.api.Metric;
import io.kshealth.api.Sample;
import java.util.ArrayList;
import java.util.List;

/** The web config's reload outcome and the served certificate's expiry, as samples. */
public final class WebSecurityMetrics {

  public static final Metric LAST_RELOAD_SUCCESSFUL =
      Metric.gauge(
          "kshealth_web_config_last_reload_successful",
          "1 if the web config file's last load succeeded, 0 if the previous config serves on.");
  public static final Metric LAST_RELOAD_SUCCESS =
      Metric.gauge(
          "kshealth_web_config_last_reload_success_timestamp_seconds",
          "When the web config in force was loaded, in seconds since the epoch.");
  public static final Metric CERTIFICATE_EXPIRY =
      Metric.gauge(
          "kshealth_web_tls_certificate_expiry_timestamp_seconds",
          "When the served TLS certificate expires, in seconds since the epoch.");

  private WebSecurityMetrics() {}

  public static List<Sample> samples(WebSecurity.Status status, long nowMillis) {
    List<Sample> samples = new ArrayList<>();
    samples.add(
        new Sample(
            LAST_RELOAD_SUCCESSFUL,
            Labels.EMPTY,
            status.lastReloadSuccessful() ? 1 : 0,
            nowMillis));
    samples.add(
        new Sample(
            LAST_RELOAD_SUCCESS,
            Labels.EMPTY,
            status.lastSuccess().toEpochMilli() / 1000.0,
            nowMillis));
    status
        .certificateNotAfter()
        .ifPresent(
            t ->
                samples.add(
                    new Sample(
                        CERTIFICATE_EXPIRY, Labels.EMPTY, t.toEpochMilli() / 1000.0, nowMillis)));
    return samples;
  }
}
