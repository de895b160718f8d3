package io.kshealth.collectors.ebs;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test credentials for the SDK's default provider chain, which main code relies on, as system
 * properties for the duration of a test class; and no credentials look-up may reach for the real
 * instance metadata address.
 */
final class AwsTestCredentials implements BeforeAllCallback, AfterAllCallback {

  static final String ACCESS_KEY = "AKIDKSHEALTHTEST";
  static final String SECRET_KEY = "kshealth-test-secret";

  private static final Map<String, String> PROPERTIES =
      Map.of(
          "aws.accessKeyId", ACCESS_KEY,
          "aws.secretAccessKey", SECRET_KEY,
          "aws.disableEc2Metadata", "true");

  private final Map<String, String> saved = new HashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    PROPERTIES.forEach(
        (k, v) -> {
          saved.put(k, System.getProperty(k));
          System.setProperty(k, v);
        });
  }

  @Override
  public void afterAll(ExtensionContext context) {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }
}
