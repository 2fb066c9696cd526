/**
 * The scheduler's storage SPI: what a backend implements so that {@link
 * io.jobqueue.schedule.Scheduler} can keep schedules and claim ticks in it.
 */
package io.jobqueue.schedule.spi;
