/**
 * The {@code jobqueue} command ({@link io.jobqueue.cli.JobQueueCli}, run as {@code bin/jobqueue}):
 * a program, whose interface is its command line, so no package is exported. The backends are found
 * as services ({@link io.jobqueue.JobQueues#open}); job-queue-jdbc is required for {@code migrate
 * --print}.
 */
// micrometer-registry-prometheus has no module-info, only an Automatic-Module-Name
@SuppressWarnings("requires-automatic")
module io.jobqueue.cli {
  requires io.jobqueue;
  requires io.jobqueue.jdbc;
  requires io.jobqueue.micrometer;
  requires io.jobqueue.http;
  requires micrometer.registry.prometheus;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires ch.qos.logback.classic;
  requires org.slf4j;

  // picocli reads and sets the commands' annotated fields by reflection
  opens io.jobqueue.cli to
      info.picocli;
}
