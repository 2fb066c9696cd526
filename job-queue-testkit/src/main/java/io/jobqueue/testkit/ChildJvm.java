package io.jobqueue.testkit;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ReserverProcess} or {@link SchedulerProcess} in a second JVM: same java binary, same
 * class path. Collects the protocol lines it prints and keeps the last lines of everything else for
 * failure messages.
 */
final class ChildJvm implements AutoCloseable {

  private static final int KEPT_OUTPUT_LINES = 40;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Writer stdin;
  private final Thread pump;
  private final List<String> messages = new ArrayList<>();
  private final Deque<String> output = new ArrayDeque<>();

  private ChildJvm(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.pump =
        Thread.ofPlatform().daemon().name("child-jvm-" + process.pid()).start(this::pumpOutput);
  }

  /** Starts {@link ReserverProcess} with these arguments. */
  static ChildJvm start(List<String> arguments) {
    return start(ReserverProcess.class, arguments);
  }

  /**
   * Starts this main class ({@link ReserverProcess} or {@link SchedulerProcess}) with these
   * arguments.
   */
  static ChildJvm start(Class<?> main, List<String> arguments) {
    return start(List.of(), main, arguments);
  }

  /**
   * Starts this main class with these arguments through {@code launcher} (e.g. {@code ip netns exec
   * NAME}, see {@link SimulatedHost#command(List)}), or directly when {@code launcher} is empty.
   */
  static ChildJvm start(List<String> launcher, Class<?> main, List<String> arguments) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(
                () -> new IllegalStateException("cannot tell which java binary runs this JVM"));
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(arguments);
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the child JVM " + command.subList(0, launcher.size() + 1), e);
    }
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits for the first protocol line that starts with {@code start} and returns it; fails with the
   * child's output when the child exits first.
   */
  String awaitMessage(String start) {
    await("child JVM " + process.pid() + " to say '" + start + "'")
        .atMost(STARTUP_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (find(start).isPresent()) {
            return true;
          }
          if (!process.isAlive()) {
            pump.join(TimeUnit.SECONDS.toMillis(5));
            if (find(start).isPresent()) {
              return true;
            }
            throw new AssertionError(
                "child JVM exited with "
                    + process.exitValue()
                    + " before saying '"
                    + start
                    + "'; its output:\n"
                    + outputTail());
          }
          return false;
        });
    return find(start).orElseThrow();
  }

  /** Writes one line to the child's standard input. */
  void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to child JVM " + process.pid(), e);
    }
  }

  /**
   * Waits for the child to exit by itself and returns its exit code, after all its output was read.
   */
  int awaitExit(Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "child JVM "
              + process.pid()
              + " still runs after "
              + atMost
              + "; its output:\n"
              + outputTail());
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  /** Kills the child with SIGKILL and returns its exit code once it is gone. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child JVM " + process.pid() + " survived SIGKILL for 30 s");
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Every protocol line so far, without the prefix, in order. */
  List<String> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /** The last lines the child printed outside the protocol (logs, stack traces). */
  String outputTail() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private Optional<String> find(String start) {
    synchronized (messages) {
      return messages.stream().filter(m -> m.startsWith(start)).findFirst();
    }
  }

  private void pumpOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith(ReserverProcess.PREFIX)) {
          synchronized (messages) {
            messages.add(line.substring(ReserverProcess.PREFIX.length()));
          }
        } else {
          synchronized (output) {
            output.addLast(line);
            if (output.size() > KEPT_OUTPUT_LINES) {
              output.removeFirst();
            }
          }
        }
      }
    } catch (IOException e) {
      // The stream closes when the child is killed; what was read so far is what counts.
      synchronized (output) {
        output.addLast("(reading the child's output failed: " + e + ")");
      }
    }
  }
}
