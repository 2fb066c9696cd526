package io.jobqueue.cli;

import io.jobqueue.Job;
import io.jobqueue.JobNotFoundException;
import io.jobqueue.JobQueue;
import io.jobqueue.JobState;
import io.jobqueue.Pipeline;
import io.jobqueue.UnsupportedByBackendException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The commands that look at and change pipelines and jobs: one small class each. */
final class AdminCommands {

  private AdminCommands() {}

  /**
   * What every command here shares: the queue it opens and where it prints. A command that returns
   * succeeded (exit 0); refusals and failures are exceptions, which {@link JobQueueCli} turns into
   * their exit status.
   */
  abstract static class QueueCommand implements Callable<Integer> {
    @ParentCommand JobQueueCli cli;

    @Spec CommandSpec spec;

    @Override
    public final Integer call() {
      try (JobQueue queue = cli.open()) {
        run(queue, cli.output(spec));
        return JobQueueCli.EXIT_OK;
      }
    }

    abstract void run(JobQueue queue, Output out);
  }

  /** A command on one pipeline, named by its first parameter. */
  abstract static class PipelineCommand extends QueueCommand {
    @Parameters(index = "0", paramLabel = "PIPELINE")
    String pipeline;

    @Override
    final void run(JobQueue queue, Output out) {
      run(queue.selectPipeline(pipeline), out);
    }

    abstract void run(Pipeline handle, Output out);
  }

  @Command(name = "pipelines", description = "Lists the pipelines that have jobs.")
  static final class Pipelines extends QueueCommand {
    @Override
    void run(JobQueue queue, Output out) {
      List<String> names = queue.pipelines();
      out.print(names, String.join(System.lineSeparator(), names));
    }
  }

  @Command(
      name = "peek",
      description = "Shows one job, in any state, with its counters and payload.")
  static final class Peek extends QueueCommand {
    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    @Option(names = "--raw", description = "Write only the payload's bytes, exactly as stored.")
    boolean raw;

    @Override
    void run(JobQueue queue, Output out) {
      Job job = queue.peek(id).orElseThrow(() -> new JobNotFoundException("no job with id " + id));
      if (raw) {
        out.raw(job.payload());
      } else {
        Map<String, Object> fields = Output.job(job);
        out.print(fields, describe(job));
      }
    }

    private static String describe(Job job) {
      Map<String, String> lines = new LinkedHashMap<>();
      lines.put("id", String.valueOf(job.id()));
      lines.put("pipeline", job.pipeline());
      lines.put("state", job.state().name().toLowerCase());
      lines.put("priority", String.valueOf(job.priority()));
      lines.put("ttr", job.ttr().toSeconds() + "s");
      lines.put("created", job.createdAt() + " (" + age(job.createdAt()) + " ago)");
      lines.put("attempts", job.attempts() + " since the last kick, " + job.reserves() + " in all");
      lines.put(
          "counters",
          "releases "
              + job.releases()
              + ", timeouts "
              + job.timeouts()
              + ", buries "
              + job.buries()
              + ", kicks "
              + job.kicks());
      if (job.buryReason() != null && !job.buryReason().isEmpty()) {
        lines.put("bury reason", job.buryReason());
      }
      String text = Output.utf8(job.payload());
      lines.put(
          "payload",
          job.payload().length
              + " bytes"
              + (text == null ? ", not UTF-8 (peek --raw writes them)" : ""));
      StringBuilder out = new StringBuilder();
      lines.forEach((name, value) -> out.append(String.format("%-12s%s%n", name, value)));
      if (text != null) {
        out.append(text);
      }
      return out.toString().stripTrailing();
    }
  }

  @Command(
      name = "list",
      description = "Lists a pipeline's jobs in one state, in the order they would be taken.")
  static final class ListJobs extends PipelineCommand {

    @Option(
        names = "--state",
        defaultValue = "ready",
        description = "ready, delayed, reserved or buried (default ${DEFAULT-VALUE}).")
    JobState state;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "Most jobs shown (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--offset",
        defaultValue = "0",
        description = "Jobs skipped first, for the next page.")
    int offset;

    @Override
    void run(Pipeline handle, Output out) {
      List<Job> jobs;
      try {
        jobs = handle.peek(state, offset, limit);
      } catch (UnsupportedByBackendException e) {
        // beanstalkd shows the first job of a state and no more: show that, and say so
        if (offset > 0 || state == JobState.RESERVED) {
          throw e;
        }
        jobs = first(handle).stream().toList();
        spec.commandLine()
            .getErr()
            .println(
                "note: this backend shows only the first "
                    + state.name().toLowerCase()
                    + " job of a pipeline");
      }
      if (out.json()) {
        out.print(jobs.stream().map(Output::job).toList(), "");
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Job job : jobs) {
        rows.add(
            List.of(
                String.valueOf(job.id()),
                String.valueOf(job.priority()),
                age(job.createdAt()),
                String.valueOf(job.attempts()),
                String.valueOf(job.reserves()),
                state == JobState.BURIED
                    ? String.valueOf(job.buryReason())
                    : Output.preview(job.payload())));
      }
      out.table(
          List.of(
              "ID",
              "PRIORITY",
              "AGE",
              "ATTEMPTS",
              "RESERVES",
              state == JobState.BURIED ? "BURY REASON" : "PAYLOAD"),
          rows);
    }

    private Optional<Job> first(Pipeline handle) {
      return switch (state) {
        case READY -> handle.peekReady();
        case DELAYED -> handle.peekDelayed();
        case BURIED -> handle.peekBuried();
        case RESERVED -> Optional.empty();
      };
    }
  }

  @Command(
      name = "kick",
      description = "Makes buried jobs ready again, or delayed ones when none is buried.")
  static final class Kick extends PipelineCommand {

    @Parameters(
        index = "1",
        paramLabel = "N",
        arity = "0..1",
        defaultValue = "" + Integer.MAX_VALUE,
        description = "Most jobs kicked (default: all).")
    long bound;

    @Override
    void run(Pipeline handle, Output out) {
      long kicked = handle.kick(bound);
      out.print(
          Map.of("pipeline", pipeline, "kicked", kicked),
          "kicked " + kicked + " job" + (kicked == 1 ? "" : "s") + " in pipeline " + pipeline);
    }
  }

  @Command(name = "kick-job", description = "Makes one buried or delayed job ready again.")
  static final class KickJob extends QueueCommand {
    @Parameters(paramLabel = "ID")
    long id;

    @Override
    void run(JobQueue queue, Output out) {
      Job job = queue.peek(id).orElseThrow(() -> new JobNotFoundException("no job with id " + id));
      if (!queue.selectPipeline(job.pipeline()).kickJob(id)) {
        throw new JobQueueCli.Refused(
            "job "
                + id
                + " in pipeline '"
                + job.pipeline()
                + "' is "
                + job.state().name().toLowerCase()
                + "; only buried or delayed jobs can be kicked");
      }
      out.print(
          Map.of("id", id, "pipeline", job.pipeline(), "kicked", true),
          "kicked job " + id + " in pipeline " + job.pipeline());
    }
  }

  @Command(
      name = "delete",
      description = "Deletes a ready, delayed or buried job (a reserved one with --force).")
  static final class Delete extends QueueCommand {
    @Parameters(paramLabel = "ID")
    long id;

    @Option(
        names = "--force",
        description =
            "Delete it even when a worker holds it reserved; that worker's acknowledgement then fails.")
    boolean force;

    @Override
    void run(JobQueue queue, Output out) {
      if (force) {
        queue.forceDeleteJob(id);
      } else {
        queue.deleteJob(id);
      }
      out.print(Map.of("id", id, "deleted", true), "deleted job " + id);
    }
  }

  @Command(
      name = "purge",
      description = "Deletes every job of a pipeline in one state; reserved jobs are never purged.")
  static final class Purge extends PipelineCommand {

    @Option(names = "--state", required = true, description = "ready, delayed or buried.")
    JobState state;

    @Override
    void run(Pipeline handle, Output out) {
      long purged = handle.purge(state);
      out.print(
          Map.of("pipeline", pipeline, "state", state.name().toLowerCase(), "purged", purged),
          "purged "
              + purged
              + " "
              + state.name().toLowerCase()
              + " job"
              + (purged == 1 ? "" : "s")
              + " from pipeline "
              + pipeline);
    }
  }

  @Command(
      name = "pause",
      description = "Stops reservations from a pipeline for a while; jobs can still be added.")
  static final class Pause extends PipelineCommand {

    @Parameters(index = "1", paramLabel = "DURATION", description = "How long, e.g. 30s, 10m, 2h.")
    Duration duration;

    @Override
    void run(Pipeline handle, Output out) {
      handle.pause(duration);
      out.print(
          Map.of("pipeline", pipeline, "pausedSeconds", duration.toSeconds()),
          "paused pipeline " + pipeline + " for " + duration.toSeconds() + "s");
    }
  }

  @Command(name = "resume", description = "Ends a pipeline's pause now.")
  static final class Resume extends PipelineCommand {

    @Override
    void run(Pipeline handle, Output out) {
      handle.resume();
      out.print(Map.of("pipeline", pipeline, "paused", false), "resumed pipeline " + pipeline);
    }
  }

  /** How long ago, as people read it: 42s, 5m03s, 3h12m, 2d04h. */
  static String age(Instant since) {
    long s = Math.max(0, Duration.between(since, Instant.now()).toSeconds());
    if (s < 60) {
      return s + "s";
    } else if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    } else if (s < 86_400) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format("%dd%02dh", s / 86_400, s % 86_400 / 3600);
  }
}
