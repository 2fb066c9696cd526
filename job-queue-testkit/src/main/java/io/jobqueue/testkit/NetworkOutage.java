package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.JobQueueConfig;
import io.jobqueue.JobQueues;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link BackendOutage#network}: a {@link Forwarder} on 127.0.0.1 to the backend's server, cut for
 * the outage.
 */
final class NetworkOutage implements BackendOutage {

  /** The {@code //host:port} of a backend URL. */
  static final Pattern HOST_PORT = Pattern.compile("//([^/:?#@]+):(\\d+)");

  private final TestBackend backend;
  private final Forwarder forwarder;
  private final Matcher hostPort;

  private NetworkOutage(TestBackend backend, Matcher hostPort) {
    this.backend = backend;
    this.hostPort = hostPort;
    this.forwarder =
        Forwarder.start(
            InetAddress.getLoopbackAddress().getHostAddress(),
            new InetSocketAddress(hostPort.group(1), Integer.parseInt(hostPort.group(2))),
            Duration.ZERO);
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
    return new NetworkOutage(backend, hostPort);
  }

  @Override
  public JobQueue open() {
    String url =
        hostPort.replaceFirst(
            Matcher.quoteReplacement("//" + forwarder.host() + ":" + forwarder.port()));
    JobQueueConfig config = backend.config();
    return JobQueues.open(new JobQueueConfig(url, config.maxPayloadBytes(), config.properties()));
  }

  @Override
  public void begin() {
    forwarder.cut();
  }

  @Override
  public void end() {
    forwarder.restore();
  }

  @Override
  public void close() {
    forwarder.close();
  }
}
