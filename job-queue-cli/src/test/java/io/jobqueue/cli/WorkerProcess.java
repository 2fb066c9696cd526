package io.jobqueue.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code jobqueue work …} in a child JVM, as supervisord runs it; its output goes to a file. */
final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code jobqueue --url URL work ARGS} with OUT_DIR set for the test command. */
  static WorkerProcess start(String url, Path outDir, List<String> workArguments) {
    return start(url, outDir, workArguments, Map.of());
  }

  /** The same with more environment variables. */
  static WorkerProcess start(
      String url, Path outDir, List<String> workArguments, Map<String, String> environment) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElseThrow(
                () -> new IllegalStateException("cannot tell which java binary runs this JVM"));
    // the shipped logging configuration, not the tests' logback-test.xml
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                JobQueueCli.class.getName(),
                "--url",
                url,
                "work"));
    command.addAll(workArguments);
    Path log = outDir.resolve("worker.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("OUT_DIR", outDir.toString());
    builder.environment().putAll(environment);
    try {
      return new WorkerProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.subList(0, 1), e);
    }
  }

  /** SIGTERM, as supervisord's stop sends. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the worker to exit and returns its status. */
  int awaitExit(Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "worker " + process.pid() + " still runs after " + atMost + "; its log:\n" + log());
    }
    return process.exitValue();
  }

  /** Everything the worker printed so far. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
