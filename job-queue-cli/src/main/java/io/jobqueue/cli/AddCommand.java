package io.jobqueue.cli;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds one job; its payload comes from the argument, a file, or standard input, byte for byte. */
@Command(
    name = "add",
    description =
        "Adds a job and prints its id; the payload is the argument, --file, or standard input.")
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

  @Override
  void run(JobQueue queue, Output out) {
    JobOptions options = JobOptions.DEFAULT.withPriority(priority).withDelay(delay).withTtr(ttr);
    long id = queue.selectPipeline(pipeline).addJob(payload(), options);
    out.print(Map.of("id", id, "pipeline", pipeline), String.valueOf(id));
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
