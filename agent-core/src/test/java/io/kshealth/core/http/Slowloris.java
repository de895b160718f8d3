package io.kshealth.core.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris clients on loopback: each socket sends a request's bytes one at a time, one per period,
 * and notes when the server closed it (end of stream or a reset). Bounded: a socket stops after its
 * request's bytes, so a run ends by itself.
 */
final class Slowloris implements AutoCloseable {

  private static final byte[] REQUEST =
      ("GET /metrics HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slowloris\r\nX-Pad: "
              + "a".repeat(200))
          .getBytes(StandardCharsets.ISO_8859_1);

  private final List<Client> clients = new ArrayList<>();
  private final ScheduledExecutorService pacer =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "slowloris-pacer");
            t.setDaemon(true);
            return t;
          });

  /** Opens {@code count} sockets to the port; each sends one byte every {@code period}. */
  Slowloris(int port, int count, Duration period) throws IOException {
    for (int i = 0; i < count; i++) {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ch.configureBlocking(false);
      clients.add(new Client(ch, System.nanoTime()));
    }
    pacer.scheduleAtFixedRate(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    for (Client c : clients) {
      c.tick();
    }
  }

  /** Sockets the server has not closed yet. */
  synchronized int open() {
    return (int) clients.stream().filter(c -> c.closedAfterNanos < 0).count();
  }

  /** The shortest time a socket stayed open before the server closed it; -1 if none closed. */
  synchronized Duration shortestLife() {
    return clients.stream()
        .filter(c -> c.closedAfterNanos >= 0)
        .map(c -> Duration.ofNanos(c.closedAfterNanos))
        .min(Duration::compareTo)
        .orElse(Duration.ofNanos(-1));
  }

  /** Sockets that sent their whole request without being closed (the bound was reached). */
  synchronized int finished() {
    return (int) clients.stream().filter(c -> c.sent >= REQUEST.length).count();
  }

  @Override
  public void close() {
    pacer.shutdownNow();
    for (Client c : clients) {
      try {
        c.channel.close();
      } catch (IOException e) {
        // already closed by the server
      }
    }
  }

  private final class Client {
    final SocketChannel channel;
    final long openedNanos;
    final ByteBuffer in = ByteBuffer.allocate(4096);
    int sent;
    long closedAfterNanos = -1;

    Client(SocketChannel channel, long openedNanos) {
      this.channel = channel;
      this.openedNanos = openedNanos;
    }

    void tick() {
      synchronized (Slowloris.this) {
        if (closedAfterNanos >= 0 || sent >= REQUEST.length) {
          return;
        }
        try {
          in.clear();
          if (channel.read(in) < 0) {
            closedAfterNanos = System.nanoTime() - openedNanos;
            return;
          }
          channel.write(ByteBuffer.wrap(REQUEST, sent, 1));
          sent++;
        } catch (IOException e) {
          closedAfterNanos = System.nanoTime() - openedNanos;
        }
      }
    }
  }
}
