package io.jobqueue.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder from a {@link SimulatedHost}'s link to a server on 127.0.0.1: the servers of the
 * test setup listen on 127.0.0.1 only, which a network namespace cannot reach. It listens on the
 * host's {@link SimulatedHost#rootAddress()} (a free port) and forwards every connection to {@code
 * 127.0.0.1:port} (the {@link BackendOutage#network network outage} uses one on 127.0.0.1, cut and
 * restored), holding each chunk of bytes for {@code delay} in each direction (the kernel has no
 * {@code tc netem}; the delay is the forwarder's). The delay does not limit throughput: bytes are
 * read as they come and written when their time is due.
 */
public final class Forwarder implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Duration delay;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private Forwarder(ServerSocket server, InetSocketAddress target, Duration delay) {
    this.server = server;
    this.target = target;
    this.delay = delay;
    Thread.ofPlatform().daemon().name("forwarder-accept").start(this::acceptLoop);
  }

  /**
   * Listens on {@code address} and forwards to {@code 127.0.0.1:targetPort} with {@code delay} each
   * way ({@link Duration#ZERO} for none).
   */
  public static Forwarder start(String address, int targetPort, Duration delay) {
    return start(
        address, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), delay);
  }

  /** Listens on {@code address} and forwards to {@code target} with {@code delay} each way. */
  static Forwarder start(String address, InetSocketAddress target, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 200);
      return new Forwarder(server, target, delay);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address, e);
    }
  }

  /** The address clients connect to. */
  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /**
   * Closes every connection forwarded so far, on both sides. With the host's link down its programs
   * do not see this (their packets go nowhere); the server does, at once, as it would see it later
   * through TCP keepalive, so that a transaction cut in the middle ends and releases its locks.
   */
  public void dropConnections() {
    sockets.forEach(Forwarder::closeQuietly);
  }

  /**
   * Until {@link #restore()}, closes every connection at once, those forwarded so far and new ones:
   * a server that is down, as the programs on this machine see it.
   */
  void cut() {
    cut = true;
    dropConnections();
  }

  /** Forwards new connections again after {@link #cut()}. */
  void restore() {
    cut = false;
  }

  /** Stops listening and closes every connection. Closing twice does nothing. */
  @Override
  public void close() {
    cut = true;
    closeQuietly(server);
    dropConnections();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofPlatform().daemon().name("forwarder-connect").start(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    // checked after registering, so that a cut either sees these sockets or is seen here
    if (cut) {
      forget(client, upstream);
      return;
    }
    try {
      upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      forget(client, upstream);
      return;
    }
    forward(client, upstream);
    forward(upstream, client);
  }

  /** One direction: a reader that hands what it reads on, after the delay if there is one. */
  private void forward(Socket from, Socket to) {
    Thread.ofPlatform().daemon().name("forwarder-pump").start(() -> pump(from, to));
  }

  private void pump(Socket from, Socket to) {
    OutputStream out;
    try {
      out = new DelayedOutputStream(to.getOutputStream(), delay, () -> forget(from, to));
    } catch (IOException e) {
      forget(from, to);
      return;
    }
    byte[] buffer = new byte[16 * 1024];
    try (out;
        InputStream in = from.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was dropped: closing the stream closes both (once its bytes arrived)
    }
  }

  private void forget(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    sockets.remove(a);
    sockets.remove(b);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing is all that is wanted; a socket already closed is fine
    }
  }
}
