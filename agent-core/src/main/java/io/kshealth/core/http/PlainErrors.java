package io.kshealth.core.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The responses Jetty makes itself, for requests it rejects before routing (a malformed request
 * 400, a request line too long 414, headers too large 431): one line of plain text, as the agent's
 * own errors, instead of an HTML page; counted under {@code path="other"}.
 */
final class PlainErrors extends ErrorHandler {

  private final HttpMetrics metrics;

  PlainErrors(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    metrics.observe(HttpMetrics.OTHER, code, 0);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, RouteResponse.TEXT);
    response.write(true, ByteBuffer.wrap(line(code).getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static String line(int status) {
    String reason = HttpStatus.getMessage(status);
    return reason.toLowerCase(java.util.Locale.ROOT) + "\n";
  }
}
