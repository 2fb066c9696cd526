package io.jobqueue.cli;

import io.jobqueue.JobQueue;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Whether the backend answers, for a supervisor script or a probe: exit 0 when it does, 2 when it
 * does not (one line on stderr). A running worker answers for itself on {@code work
 * --metrics-port}'s {@code /health/live} and {@code /health/ready}.
 */
@Command(name = "health", description = "Exits 0 when the backend answers, 2 when it does not.")
final class HealthCommand extends AdminCommands.QueueCommand {

  @Override
  void run(JobQueue queue, Output out) {
    long started = System.nanoTime();
    int pipelines = queue.pipelines().size();
    long millis = (System.nanoTime() - started) / 1_000_000;
    out.print(
        Map.of("ok", true, "pipelines", pipelines, "millis", millis),
        "ok: the backend answers (" + pipelines + " pipelines, " + millis + " ms)");
  }
}
