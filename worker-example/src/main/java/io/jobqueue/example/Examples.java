package io.jobqueue.example;

import io.jobqueue.NewJob;
import io.jobqueue.worker.JobHandler;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** The example kinds of work: a handler and a sample job for each, by name. */
enum Examples {
  SEND_IMPORTANT_EMAILS(
      SendImportantEmails.PIPELINE, SendImportantEmails::new, SendImportantEmails::example),
  GENERATE_REPORT(GenerateReport.PIPELINE, GenerateReport::new, GenerateReport::example);

  private final String kind;
  private final BiFunction<Workload, ProcessedLog, JobHandler> handler;
  private final IntFunction<NewJob> example;

  Examples(
      String kind,
      BiFunction<Workload, ProcessedLog, JobHandler> handler,
      IntFunction<NewJob> example) {
    this.kind = kind;
    this.handler = handler;
    this.example = example;
  }

  /** The example whose name is {@code kind}, e.g. {@code send_important_emails}. */
  static Examples named(String kind) {
    for (Examples e : values()) {
      if (e.kind.equals(kind)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "there is no example handler named '"
            + kind
            + "'; the examples are "
            + names()
            + " (name one with --handler when the pipeline is named otherwise)");
  }

  static List<String> names() {
    return List.of(values()).stream().map(Examples::kind).toList();
  }

  String kind() {
    return kind;
  }

  JobHandler handler(Workload workload, ProcessedLog processed) {
    return handler.apply(workload, processed);
  }

  NewJob example(int n) {
    return example.apply(n);
  }
}
