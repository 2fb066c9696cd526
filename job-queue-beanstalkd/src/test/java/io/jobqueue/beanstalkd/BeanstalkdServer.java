package io.jobqueue.beanstalkd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real beanstalkd process of a test's own, on a free port in 11310–11399 of 127.0.0.1. Tests stop
 * it in their teardown (and a shutdown hook does, should a test forget).
 */
final class BeanstalkdServer implements AutoCloseable {

  private static final String BINARY =
      System.getenv().getOrDefault("BEANSTALKD", "/usr/bin/beanstalkd");
  private static final int FIRST_PORT = 11310;
  private static final int PORTS = 90;

  private final int port;
  private final List<String> options;
  private Process process;

  private BeanstalkdServer(int port, List<String> options) {
    this.port = port;
    this.options = List.copyOf(options);
  }

  /** Starts beanstalkd with these extra options, e.g. {@code -z 100} or {@code -b dir}. */
  static BeanstalkdServer start(String... options) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = freePort();
      BeanstalkdServer server = new BeanstalkdServer(port, List.of(options));
      if (server.startProcess()) {
        return server;
      }
    }
    throw new IllegalStateException(
        "could not start beanstalkd on any port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS));
  }

  /** Starts beanstalkd keeping its jobs in a binlog in {@code dir}, so they survive a restart. */
  static BeanstalkdServer startWithBinlog(Path dir) {
    return start("-b", dir.toString());
  }

  String url() {
    return "beanstalk://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Sends a signal by name, e.g. {@code USR1} (drain mode) or {@code KILL}. */
  void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server with SIGKILL and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same port with the same options (the same binlog, if any). */
  void restart() {
    if (process.isAlive()) {
      kill();
    }
    await("beanstalkd to restart on port " + port)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(this::startProcess);
  }

  @Override
  public void close() {
    kill();
  }

  private boolean startProcess() {
    List<String> command =
        new ArrayList<>(List.of(BINARY, "-l", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(options);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + BINARY + " (is beanstalkd installed?)", e);
    }
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    await("beanstalkd to listen on port " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !started.isAlive() || accepts(port));
    return started.isAlive();
  }

  /** Whether something accepts connections on this port of 127.0.0.1. */
  static boolean accepts(int port) {
    return accepts("127.0.0.1", port);
  }

  /** Whether something accepts connections on this host and port. */
  static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    int offset = ThreadLocalRandom.current().nextInt(PORTS);
    for (int i = 0; i < PORTS; i++) {
      int port = FIRST_PORT + (offset + i) % PORTS;
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException e) {
        // taken: try the next one
      }
    }
    throw new IllegalStateException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS));
  }
}
