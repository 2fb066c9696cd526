/**
 * Recurring and one-off jobs: {@link io.jobqueue.schedule.Schedule} says when and what, {@link
 * io.jobqueue.schedule.Scheduler} (run in any number of processes, no leader) turns each tick into
 * exactly one job, through a backend's {@link io.jobqueue.schedule.spi.ScheduleStore}.
 */
package io.jobqueue.schedule;
