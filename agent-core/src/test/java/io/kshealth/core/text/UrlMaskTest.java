package io.kshealth.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlMaskTest {

  private static String secret(String url) {
    return UrlMask.secret(URI.create(url));
  }

  private static String plain(String url) {
    return UrlMask.plain(URI.create(url));
  }

  @Test
  void secretUrlsShowOnlyWhereTheyGo() {
    assertEquals(
        "https://hooks.slack.com/****",
        secret("https://hooks.slack.com/services/T000/B000/XXXXSECRET"));
    assertEquals(
        "https://hooks.example.com:8443/****", secret("https://hooks.example.com:8443?k=s"));
    assertEquals("http://hooks.example.com/****", secret("http://user:pw@hooks.example.com/x"));
    assertEquals("https://hooks.example.com", secret("https://hooks.example.com/"));
    assertEquals("https://hooks.example.com", secret("https://user:pw@hooks.example.com"));
    assertEquals("http://[::1]:9000/****", secret("http://[::1]:9000/hook"));
  }

  @Test
  void plainUrlsKeepTheirPathButNotUserInfoOrQuery() {
    assertEquals("http://am-0:9093/api/v2/alerts", plain("http://am-0:9093/api/v2/alerts"));
    assertEquals("https://proxy/alertmanager", plain("https://ops:pw@proxy/alertmanager?t=1"));
    assertEquals("http://am-0:9093", plain("http://am-0:9093"));
  }
}
