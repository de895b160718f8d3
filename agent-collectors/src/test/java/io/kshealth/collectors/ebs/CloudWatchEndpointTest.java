package io.kshealth.collectors.ebs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

class CloudWatchEndpointTest {

  private static URI endpoint(Optional<URI> configured, Map<String, String> environment) {
    return CloudWatchEndpoint.of(
        new CloudWatchTarget("eu-west-1", configured, List.of("vol-1"), Optional.empty()),
        environment::get);
  }

  @Test
  void theConfiguredEndpointThenTheSdksVariablesThenTheRegions() {
    Map<String, String> both =
        Map.of(
            "AWS_ENDPOINT_URL_CLOUDWATCH", "http://cw.test:1",
            "AWS_ENDPOINT_URL", "http://all.test:2");
    assertEquals(
        URI.create("https://vpce.test"),
        endpoint(Optional.of(URI.create("https://vpce.test")), both));
    assertEquals(URI.create("http://cw.test:1"), endpoint(Optional.empty(), both));
    assertEquals(
        URI.create("http://all.test:2"),
        endpoint(
            Optional.empty(),
            Map.of("AWS_ENDPOINT_URL_CLOUDWATCH", " ", "AWS_ENDPOINT_URL", "http://all.test:2")));
    assertEquals(
        URI.create("https://monitoring.eu-west-1.amazonaws.com"),
        endpoint(Optional.empty(), Map.of()));
  }

  /** The regional endpoints are those the SDK's own metadata gives CloudWatch. */
  @Test
  void regionalEndpointsAreTheSdks() {
    for (String region :
        List.of(
            "eu-west-1",
            "us-east-1",
            "ap-southeast-5",
            "us-gov-west-1",
            "cn-north-1",
            "cn-northwest-1")) {
      assertEquals(
          "https://" + CloudWatchClient.serviceMetadata().endpointFor(Region.of(region)),
          CloudWatchEndpoint.regional(region).toString(),
          region);
    }
  }
}
