package io.jobqueue.example;

import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.NewJob;
import io.jobqueue.Pipeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Adds example jobs to pipelines in batches, like an application would. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    versionProvider = ExampleApp.Version.class,
    description = "Adds example jobs to pipelines.")
final class ProduceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      defaultValue = "${env:JOBQUEUE_URL}",
      description = "Backend URL (env JOBQUEUE_URL).")
  String url;

  @Option(
      names = "--pipeline",
      split = ",",
      defaultValue = "${env:JOBQUEUE_PIPELINE}",
      description =
          "Pipelines to add to, comma-separated; each gets --count jobs (env JOBQUEUE_PIPELINE).")
  List<String> pipelines;

  @Option(
      names = "--handler",
      description = "Example whose jobs to add; default: the one named like the pipeline.")
  String handler;

  @Option(
      names = "--count",
      defaultValue = "1000",
      description = "Jobs per pipeline (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--ttr",
      defaultValue = "60s",
      description = "Time to run of each job (default ${DEFAULT-VALUE}).")
  Duration ttr;

  @Option(
      names = "--batch",
      defaultValue = "500",
      description = "Jobs per batch insert (default ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() {
    if (pipelines == null || pipelines.isEmpty()) {
      throw new IllegalArgumentException("no pipeline: give --pipeline or set JOBQUEUE_PIPELINE");
    }
    if (count < 0 || batch < 1) {
      throw new IllegalArgumentException("--count must be 0 or more and --batch at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (JobQueue queue = Backend.open(url)) {
      for (String name : pipelines) {
        List<Long> ids =
            add(
                queue.selectPipeline(name),
                Examples.named(handler == null ? name : handler),
                count,
                JobOptions.DEFAULT.withTtr(ttr),
                batch);
        out.printf(
            "added %d jobs to %s%s%n",
            ids.size(),
            name,
            ids.isEmpty() ? "" : " (ids " + ids.getFirst() + " … " + ids.getLast() + ")");
      }
    }
    return 0;
  }

  /** Adds {@code count} example jobs in batches and returns their ids in order. */
  static List<Long> add(
      Pipeline pipeline, Examples example, int count, JobOptions options, int batch) {
    List<Long> ids = new ArrayList<>(count);
    for (int from = 0; from < count; from += batch) {
      List<NewJob> jobs = new ArrayList<>();
      for (int n = from; n < Math.min(count, from + batch); n++) {
        jobs.add(example.example(n).withOptions(options));
      }
      ids.addAll(pipeline.addJobs(jobs));
    }
    return ids;
  }
}
