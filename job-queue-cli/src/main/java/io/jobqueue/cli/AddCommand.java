package io.jobqueue.cli;

import io.jobqueue.AddResult;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NewJob;
import io.jobqueue.UniqueKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Adds one job; its payload comes from the argument, a file, or standard input, byte for byte. With
 * a unique key held by a waiting job, prints that job's id instead and adds nothing.
 */
@Command(
    name = "add",
    description = {
      "Adds a job and prints its id; the payload is the argument, --file, or standard input.",
      "With --unique-key, a job that holds the key gives its id and nothing is added;"
          + " a note on stderr (or \"added\" with --json) says which."
    })
final class AddCommand extends AdminCommands.QueueCommand {

  @Parameters(index = "0", paramLabel = "PIPELINE")
  String pipeline;

  @Parameters(
      index = "1",
      paramLabel = "PAYLOAD",
      arity = "0..1",
      description = "The payload as text (UTF-8).")
  String text;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "Read the payload's bytes from this file.")
  Path file;

  @Option(
      names = "--priority",
      defaultValue = "" + JobOptions.DEFAULT_PRIORITY,
      description = "0 is the most urgent (default ${DEFAULT-VALUE}).")
  long priority;

  @Option(
      names = "--delay",
      defaultValue = "0s",
      description = "Ready only after this long, e.g. 30s or 2h (default: at once).")
  Duration delay;

  @Option(
      names = "--ttr",
      defaultValue = "60s",
      description = "Time to run of each reservation (default ${DEFAULT-VALUE}).")
  Duration ttr;

  @Option(
      names = "--unique-key",
      paramLabel = "KEY",
      description =
          "While a job with this key waits in the pipeline, print its id and add nothing"
              + " (SQL backends).")
  String uniqueKey;

  @Option(
      names = "--unique-window",
      paramLabel = "DURATION",
      description =
          "Hold the key at most this long after the add, e.g. 10m (default: as long as the job"
              + " waits).")
  Duration uniqueWindow;

  @Option(
      names = "--unique-while-reserved",
      description = "Hold the key while the job is reserved too.")
  boolean uniqueWhileReserved;

  @Override
  void run(JobQueue queue, Output out) {
    JobOptions options =
        JobOptions.DEFAULT
            .withPriority(priority)
            .withDelay(delay)
            .withTtr(ttr)
            .withUnique(unique());
    AddResult result = queue.selectPipeline(pipeline).add(new NewJob(payload(), options));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", result.id());
    json.put("pipeline", pipeline);
    json.put("added", result.added());
    out.print(json, String.valueOf(result.id()));
    if (uniqueKey != null && !out.json()) {
      // stdout stays the id alone, for ID=$(jobqueue add ...)
      spec.commandLine()
          .getErr()
          .println(
              result.added()
                  ? "note: added job " + result.id() + " with unique key '" + uniqueKey + "'"
                  : "note: job "
                      + result.id()
                      + " holds unique key '"
                      + uniqueKey
                      + "': nothing added");
    }
  }

  /** The unique key the options ask for, or null; {@link UniqueKey} checks it. */
  private UniqueKey unique() {
    if (uniqueKey == null) {
      if (uniqueWindow != null || uniqueWhileReserved) {
        throw new IllegalArgumentException(
            "--unique-window and --unique-while-reserved apply to a --unique-key; give one");
      }
      return null;
    }
    UniqueKey unique = UniqueKey.of(uniqueKey);
    if (uniqueWindow != null) {
      unique = unique.withWindow(uniqueWindow);
    }
    return uniqueWhileReserved ? unique.alsoWhileReserved() : unique;
  }

  private byte[] payload() {
    if (text != null && file != null) {
      throw new IllegalArgumentException(
          "give the payload as an argument or with --file, not both");
    }
    try {
      if (text != null) {
        return text.getBytes(StandardCharsets.UTF_8);
      } else if (file != null) {
        return Files.readAllBytes(file);
      }
      return cli.in().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the payload: " + e.getMessage(), e);
    }
  }
}
