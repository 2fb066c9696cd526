package io.jobqueue.schedule.spi;

import io.jobqueue.schedule.Tick;
import java.util.List;

/**
 * What the scheduler does under a claim: add or skip the jobs of the claimed ticks, and say which.
 */
@FunctionalInterface
public interface TickWork {

  /** Acts through {@code jobs} and returns the ticks to record (at least one). */
  List<Tick> run(TickJobs jobs);
}
