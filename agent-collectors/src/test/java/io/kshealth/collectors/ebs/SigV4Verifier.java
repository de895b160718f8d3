package io.kshealth.collectors.ebs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a received request's SigV4 signature the way AWS does, computed here from the AWS
 * documentation's steps (canonical request, string to sign, derived key) and not with the SDK's
 * signer, so that the check does not share a mistake with what it checks. Only what CloudWatch's
 * RPC v2 calls need: a POST without a query string, a path without characters to escape.
 */
final class SigV4Verifier {

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
              + " SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final String service;

  SigV4Verifier(String accessKey, String secretKey, String region, String service) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    this.service = service;
  }

  /**
   * Why the request's signature is wrong; empty when it is right.
   *
   * @param headers as received, names in any case
   */
  Optional<String> problem(
      String method, String path, Map<String, List<String>> headers, byte[] body) {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    Matcher m = AUTHORIZATION.matcher(lower.getOrDefault("authorization", ""));
    if (!m.matches()) {
      return Optional.of("Authorization is not SigV4: " + lower.get("authorization"));
    }
    String amzDate = lower.getOrDefault("x-amz-date", "");
    if (!m.group(1).equals(accessKey)
        || !m.group(3).equals(region)
        || !m.group(4).equals(service)
        || !amzDate.startsWith(m.group(2) + "T")) {
      return Optional.of(
          "scope "
              + m.group(1)
              + "/"
              + m.group(2)
              + "/"
              + m.group(3)
              + "/"
              + m.group(4)
              + " for X-Amz-Date "
              + amzDate);
    }
    String signedHeaders = m.group(5);
    List<String> names = List.of(signedHeaders.split(";"));
    if (!names.contains("host") || !names.contains("x-amz-date")) {
      return Optional.of("host and x-amz-date must be signed: " + signedHeaders);
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n').append(path).append("\n\n");
    for (String name : names) {
      String value = lower.get(name);
      if (value == null) {
        return Optional.of("signed header " + name + " was not received");
      }
      canonical.append(name).append(':').append(value.strip()).append('\n');
    }
    canonical.append('\n').append(signedHeaders).append('\n').append(sha256Hex(body));
    String scope = m.group(2) + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), m.group(2));
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String expected = HexFormat.of().formatHex(hmac(key, toSign));
    return expected.equals(m.group(6))
        ? Optional.empty()
        : Optional.of("signature " + m.group(6) + ", expected " + expected + " for\n" + canonical);
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
