package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/** The fake's signature check accepts what the SDK's signer signs, and nothing changed after. */
class SigV4VerifierTest {

  static final String ACCESS = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  private final SigV4Verifier verifier =
      new SigV4Verifier(ACCESS, SECRET, "eu-west-1", "monitoring");

  /** The headers of a request signed by the SDK for this body, as a server would receive them. */
  private static Map<String, List<String>> signed(String region) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:8080" + GetMetricDataCaller.PATH))
            .putHeader("Content-Type", "application/cbor")
            .putHeader("Content-Length", Integer.toString(BODY.length))
            .build();
    SdkHttpRequest out =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create(ACCESS, SECRET))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK,
                            Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC)))
            .request();
    Map<String, List<String>> headers = new TreeMap<>(out.headers());
    headers.putIfAbsent("Host", List.of("127.0.0.1:8080"));
    return headers;
  }

  private Optional<String> check(Map<String, List<String>> headers, byte[] body) {
    return verifier.problem("POST", GetMetricDataCaller.PATH, headers, body);
  }

  @Test
  void acceptsTheSdksSignature() {
    assertEquals(Optional.empty(), check(signed("eu-west-1"), BODY));
  }

  @Test
  void refusesAChangedBodyHeaderOrScope() {
    byte[] changed = BODY.clone();
    changed[2] ^= 1;
    assertTrue(check(signed("eu-west-1"), changed).orElseThrow().startsWith("signature "));

    Map<String, List<String>> headers = signed("eu-west-1");
    headers.put("Host", List.of("127.0.0.1:8081"));
    assertTrue(check(headers, BODY).orElseThrow().startsWith("signature "));

    assertTrue(check(signed("us-east-1"), BODY).orElseThrow().startsWith("scope "));

    Map<String, List<String>> unsigned = signed("eu-west-1");
    unsigned.remove("Authorization");
    assertTrue(check(unsigned, BODY).orElseThrow().startsWith("Authorization is not SigV4"));
  }
}
