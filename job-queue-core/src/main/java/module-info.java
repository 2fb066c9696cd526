/**
 * jobqueue's API ({@code io.jobqueue}), the worker runtime ({@code io.jobqueue.worker}), the
 * scheduler ({@code io.jobqueue.schedule}, its storage SPI in {@code io.jobqueue.schedule.spi}) and
 * the backend SPI ({@code io.jobqueue.spi}). {@code io.jobqueue.internal} is not exported.
 */
module io.jobqueue {
  requires transitive com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires jdk.unsupported; // sun.misc.Signal: StopSignals handles SIGTERM and SIGINT

  exports io.jobqueue;
  exports io.jobqueue.spi;
  exports io.jobqueue.schedule;
  exports io.jobqueue.schedule.spi;
  exports io.jobqueue.worker;

  uses io.jobqueue.spi.JobQueueProvider;
}
