package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK's real {@code Ec2MetadataClient} against a fake IMDSv2 and against silence. */
class ImdsLookupTest {

  static final Duration TIMEOUT = Duration.ofMillis(400);
  static final Map<String, String> METADATA =
      Map.of(
          ImdsLookup.REGION, "eu-west-1",
          ImdsLookup.INSTANCE_ID, "i-0123456789abcdef0",
          ImdsLookup.INSTANCE_TYPE, "m6i.large");

  private ImdsFake imds;

  @AfterEach
  void close() {
    if (imds != null) {
      assertEquals(List.of(), imds.violations());
      imds.close();
    }
  }

  private Ec2Discovery discover(Map<String, String> metadata, Ec2Overrides overrides)
      throws IOException {
    imds = new ImdsFake(metadata);
    return new ImdsLookup(Optional.of(imds.endpoint()), TIMEOUT).discover(overrides);
  }

  @Test
  void readsRegionInstanceAndTypeWithAToken() throws IOException {
    Ec2Discovery found = discover(METADATA, Ec2Overrides.none());

    assertEquals(
        new Ec2Discovery.Found(
            new Ec2Identity("eu-west-1", "i-0123456789abcdef0", "m6i.large"), true),
        found);
    List<String> requests = imds.requests();
    assertEquals("PUT " + ImdsFake.TOKEN_PATH, requests.get(0), "IMDSv2: the token comes first");
    assertEquals(
        List.of(
            "GET " + ImdsLookup.REGION,
            "GET " + ImdsLookup.INSTANCE_ID,
            "GET " + ImdsLookup.INSTANCE_TYPE),
        requests.stream().filter(r -> r.startsWith("GET")).toList());
  }

  @Test
  void aGivenValueWinsAndIsNotAskedFor() throws IOException {
    Ec2Discovery found =
        discover(
            METADATA,
            new Ec2Overrides(Optional.of("us-east-2"), Optional.empty(), Optional.empty()));

    assertEquals(
        new Ec2Identity("us-east-2", "i-0123456789abcdef0", "m6i.large"),
        assertInstanceOf(Ec2Discovery.Found.class, found).identity());
    assertTrue(imds.requests().stream().noneMatch(r -> r.endsWith(ImdsLookup.REGION)));
  }

  @Test
  void allValuesGivenMeansNoCallAtAll() throws IOException {
    Ec2Discovery found =
        discover(
            METADATA,
            new Ec2Overrides(
                Optional.of("us-east-2"), Optional.of("i-1"), Optional.of("t3.small")));

    assertEquals(
        new Ec2Discovery.Found(new Ec2Identity("us-east-2", "i-1", "t3.small"), false), found);
    assertEquals(List.of(), imds.requests());
  }

  @Test
  void anIdentityIMDSLacksIsAFailureNotAbsence() throws IOException {
    Ec2Discovery failed =
        discover(
            Map.of(ImdsLookup.REGION, "eu-west-1", ImdsLookup.INSTANCE_ID, "i-1"),
            Ec2Overrides.none());

    String detail = assertInstanceOf(Ec2Discovery.Failed.class, failed).detail();
    assertTrue(detail.contains("instance-type"), detail);
  }

  /**
   * The kernel accepts the connection but nothing answers, as when the hop limit drops replies. One
   * attempt, not retried: one connection reached the silent server. An unbounded wait would fail on
   * the default test timeout.
   */
  @Test
  void silenceWithinTheTimeoutMeansNotOnEc2() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Ec2Discovery result =
          new ImdsLookup(
                  Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort())), TIMEOUT)
              .discover(Ec2Overrides.none());

      String detail = assertInstanceOf(Ec2Discovery.NotOnEc2.class, result).detail();
      assertTrue(detail.contains("no answer"), detail);
      assertEquals(1, connectionsQueued(silent), "one attempt, not retried");
    }
  }

  /** Accepts what the kernel queued for {@code server}; the wait only ends the draining. */
  private static int connectionsQueued(ServerSocket server) throws IOException {
    server.setSoTimeout(200);
    int connections = 0;
    try {
      while (true) {
        server.accept().close();
        connections++;
      }
    } catch (SocketTimeoutException drained) {
      return connections;
    }
  }

  @Test
  void aRefusedConnectionMeansNotOnEc2() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Ec2Discovery result =
        new ImdsLookup(Optional.of(URI.create("http://127.0.0.1:" + port)), TIMEOUT)
            .discover(Ec2Overrides.none());

    assertInstanceOf(Ec2Discovery.NotOnEc2.class, result);
  }
}
