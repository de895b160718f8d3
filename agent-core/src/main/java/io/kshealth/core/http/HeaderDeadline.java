package io.kshealth.core.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * HTTP/1.1 connections that must deliver a request's line and headers within a time limit, counted
 * from the request's first byte: the slowloris defence, as Go's {@code ReadHeaderTimeout}.
 *
 * <p>Jetty reads with NIO, so a slow client holds no thread, but its idle timeout restarts with
 * every byte: a client sending one header byte a second would keep its connection (and a file
 * descriptor) forever. Jetty 12 has no header deadline of its own, so the connection's parser arms
 * one when a request starts and disarms it when the headers are complete; when it fires, the
 * connection is closed. A connection that sends nothing is left to the idle timeout.
 */
final class HeaderDeadline extends HttpConnectionFactory {

  private final long timeoutNanos;

  HeaderDeadline(HttpConfiguration config, Duration timeout) {
    super(config);
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    DeadlineConnection connection =
        new DeadlineConnection(getHttpConfiguration(), connector, endPoint, timeoutNanos);
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }

  private static final class DeadlineConnection extends HttpConnection {

    private final long timeoutNanos;
    private final AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();

    DeadlineConnection(
        HttpConfiguration config, Connector connector, EndPoint endPoint, long timeoutNanos) {
      super(config, connector, endPoint);
      this.timeoutNanos = timeoutNanos;
    }

    /** Called from the super constructor: fields of this class are not set yet. */
    @Override
    protected HttpParser newHttpParser(HttpCompliance compliance) {
      HttpParser plain = super.newHttpParser(compliance);
      HttpParser parser =
          new HttpParser(
              (HttpParser.RequestHandler) plain.getHandler(),
              getHttpConfiguration().getRequestHeaderSize(),
              compliance) {
            @Override
            public boolean parseNext(ByteBuffer buffer) {
              boolean handle = super.parseNext(buffer);
              watch(!isStart() && inHeaderState(), getBeginNanoTime());
              return handle;
            }
          };
      parser.setHeaderCacheSize(plain.getHeaderCacheSize());
      parser.setHeaderCacheCaseSensitive(plain.isHeaderCacheCaseSensitive());
      return parser;
    }

    /** Runs on the thread parsing this connection, after each parse. */
    private void watch(boolean readingHeaders, long beganNanos) {
      Scheduler.Task armed = deadline.get();
      if (readingHeaders && armed == null) {
        long left = Math.max(0, timeoutNanos - (System.nanoTime() - beganNanos));
        Scheduler.Task task =
            getConnector().getScheduler().schedule(this::expire, left, TimeUnit.NANOSECONDS);
        if (!deadline.compareAndSet(null, task)) {
          task.cancel();
        }
      } else if (!readingHeaders && armed != null && deadline.compareAndSet(armed, null)) {
        armed.cancel();
      }
    }

    private void expire() {
      getEndPoint()
          .close(new TimeoutException("request headers not complete within the read timeout"));
    }

    @Override
    public void onClose(Throwable cause) {
      Scheduler.Task armed = deadline.getAndSet(null);
      if (armed != null) {
        armed.cancel();
      }
      super.onClose(cause);
    }
  }
}
