package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link BackendOutage#network}: a TCP proxy on 127.0.0.1 that forwards to the backend's server
 * until cut.
 */
final class NetworkOutage implements BackendOutage {

  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?#@]+):(\\d+)");
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final TestBackend backend;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Matcher hostPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private NetworkOutage(TestBackend backend, Matcher hostPort) throws IOException {
    this.backend = backend;
    this.hostPort = hostPort;
    this.target = new InetSocketAddress(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("outage-proxy-accept").start(this::acceptLoop);
  }

  static NetworkOutage inFrontOf(TestBackend backend) {
    Matcher hostPort = HOST_PORT.matcher(backend.config().url());
    if (!hostPort.find()) {
      throw new IllegalArgumentException(
          "cannot put a proxy in front of "
              + backend.name()
              + ": its URL "
              + backend.config().url()
              + " names no //host:port; give the suite a BackendOutage of its own");
    }
    try {
      return new NetworkOutage(backend, hostPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the outage proxy's port on 127.0.0.1", e);
    }
  }

  @Override
  public JobQueue open() {
    String url =
        hostPort.replaceFirst(
            Matcher.quoteReplacement(
                "//" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort()));
    JobQueueConfig config = backend.config();
    return JobQueues.open(new JobQueueConfig(url, config.maxPayloadBytes(), config.properties()));
  }

  @Override
  public void begin() {
    cut = true;
    sockets.forEach(NetworkOutage::closeQuietly);
  }

  @Override
  public void end() {
    cut = false;
  }

  @Override
  public void close() {
    cut = true;
    closeQuietly(server);
    sockets.forEach(NetworkOutage::closeQuietly);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread.ofPlatform().daemon().name("outage-proxy-connect").start(() -> connect(client));
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
    Thread.ofPlatform().daemon().name("outage-proxy-up").start(() -> pump(client, upstream));
    Thread.ofPlatform().daemon().name("outage-proxy-down").start(() -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was cut: close the other too
    } finally {
      forget(from, to);
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
