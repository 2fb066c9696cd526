package io.jobqueue.jdbc;

import io.jobqueue.Job;
import java.util.List;

/**
 * What one reserve found: the jobs, or when none, how long until one comes due (known only where
 * the database announces everything else; otherwise {@link Long#MAX_VALUE}).
 */
record Reserved(List<Job> jobs, long nanosUntilDue) {

  static final Reserved NONE = new Reserved(List.of(), Long.MAX_VALUE);

  /** Jobs reserved with nothing known about when the next comes due. */
  static Reserved of(List<Job> jobs) {
    return new Reserved(jobs, Long.MAX_VALUE);
  }
}
