package io.jobqueue.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated host: a Linux network namespace joined to this one by a veth pair with addresses from
 * a private /30 ({@code 10.P.N.1} on this side, {@code 10.P.N.2} inside, P from the JVM's pid).
 * Programs run inside with {@link #command(List)}; they reach the servers on 127.0.0.1 through a
 * {@link Forwarder} listening on {@link #rootAddress()}. {@link #cut()} sets the link down (the
 * host's packets go nowhere, as in a network partition), {@link #restore()} brings it back.
 *
 * <p>The kernel of the project's test machine has no {@code sch_netem} module, so there is no
 * {@code tc netem}: delay is added by the {@link Forwarder}, loss is the link set down.
 *
 * <p>Needs root and {@code ip netns} ({@link #unavailableReason()} says why not). {@link #close()}
 * deletes the namespace; a shutdown hook deletes those still open when the JVM exits, and {@link
 * #create()} first deletes namespaces with this class's prefix left by a JVM that was killed.
 */
public final class SimulatedHost implements AutoCloseable {

  /** Every namespace this class makes is named with this prefix. */
  public static final String PREFIX = "jqhost";

  /** Second octet from the pid, so that two JVMs making hosts at once use different subnets. */
  private static final String SUBNET = "10." + (100 + ProcessHandle.current().pid() % 150) + ".";

  private static final AtomicInteger NEXT = new AtomicInteger(1);
  private static final Set<SimulatedHost> OPEN = ConcurrentHashMap.newKeySet();
  private static final Object CLEANUP = new Object();
  private static boolean cleaned;

  private final String name;
  private final int index;
  private volatile boolean closed;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform().unstarted(() -> List.copyOf(OPEN).forEach(SimulatedHost::close)));
  }

  private SimulatedHost(String name, int index) {
    this.name = name;
    this.index = index;
  }

  /**
   * Why simulated hosts cannot be made here (not root, no {@code ip} command, no network
   * namespaces), or empty when they can.
   */
  public static Optional<String> unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of(
          "simulated hosts need root (ip netns), this JVM runs as "
              + System.getProperty("user.name"));
    }
    try {
      Result list = run(List.of("ip", "netns", "list"));
      return list.exit() == 0
          ? Optional.empty()
          : Optional.of("'ip netns list' failed: " + list.output());
    } catch (UncheckedIOException e) {
      return Optional.of("no 'ip' command (scripts/services installs iproute2): " + e.getMessage());
    }
  }

  /** Makes a namespace with its link up. */
  public static SimulatedHost create() {
    removeStale();
    int index = NEXT.getAndIncrement();
    if (index > 250) {
      throw new IllegalStateException("more than 250 simulated hosts in one JVM");
    }
    String name = PREFIX + ProcessHandle.current().pid() + "x" + index;
    SimulatedHost host = new SimulatedHost(name, index);
    OPEN.add(host);
    try {
      String outside = "jqo" + ProcessHandle.current().pid() % 100_000 + "x" + index;
      String inside = "jqi" + index;
      ip("netns", "add", name);
      ip("link", "add", outside, "type", "veth", "peer", "name", inside, "netns", name);
      ip("addr", "add", host.rootAddress() + "/30", "dev", outside);
      ip("link", "set", outside, "up");
      inNamespace(name, "ip", "addr", "add", host.address() + "/30", "dev", inside);
      inNamespace(name, "ip", "link", "set", inside, "up");
      inNamespace(name, "ip", "link", "set", "lo", "up");
      return host;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  /** The namespace's name. */
  public String name() {
    return name;
  }

  /** This side's end of the link, where a {@link Forwarder} for the host listens. */
  public String rootAddress() {
    return SUBNET + index + ".1";
  }

  /** The host's own address inside its namespace. */
  public String address() {
    return SUBNET + index + ".2";
  }

  /** {@code command} prefixed so that it runs inside the namespace. */
  public List<String> command(List<String> command) {
    List<String> prefixed = new ArrayList<>(List.of("ip", "netns", "exec", name));
    prefixed.addAll(command);
    return prefixed;
  }

  /** Sets the host's end of the link down: nothing it sends arrives, nothing reaches it. */
  public void cut() {
    inNamespace(name, "ip", "link", "set", "jqi" + index, "down");
  }

  /** Brings the host's end of the link up again. */
  public void restore() {
    inNamespace(name, "ip", "link", "set", "jqi" + index, "up");
  }

  /**
   * Deletes the namespace (and with it the veth pair). Processes still running inside keep it until
   * they exit; kill them first. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    OPEN.remove(this);
    run(List.of("ip", "netns", "delete", name));
  }

  @Override
  public String toString() {
    return name + " (" + address() + ")";
  }

  /** Deletes namespaces with our prefix whose JVM is gone (once per JVM). */
  private static void removeStale() {
    synchronized (CLEANUP) {
      if (cleaned) {
        return;
      }
      cleaned = true;
      for (String line : run(List.of("ip", "netns", "list")).output().split("\n")) {
        String namespace = line.split(" ")[0];
        if (namespace.startsWith(PREFIX)) {
          String pid = namespace.substring(PREFIX.length()).split("x")[0];
          boolean alive = pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isPresent();
          if (!alive) {
            run(List.of("ip", "netns", "delete", namespace));
          }
        }
      }
    }
  }

  private static void inNamespace(String namespace, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    check(full);
  }

  private static void ip(String... arguments) {
    List<String> full = new ArrayList<>(List.of("ip"));
    full.addAll(List.of(arguments));
    check(full);
  }

  private static void check(List<String> command) {
    Result result = run(command);
    if (result.exit() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed with " + result.exit() + ": " + result.output());
    }
  }

  private static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " still runs after 30 s");
      }
      return new Result(process.exitValue(), output.strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted: " + command));
    }
  }

  private record Result(int exit, String output) {}
}
