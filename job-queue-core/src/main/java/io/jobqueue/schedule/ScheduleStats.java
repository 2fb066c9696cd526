package io.jobqueue.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored schedule and where it stands.
 *
 * @param schedule the definition as stored (the last one upserted)
 * @param paused whether ticks are held back; a resumed schedule treats the ticks it missed by its
 *     {@link MissedTickPolicy}
 * @param nextTick the next tick to be claimed, empty when a one-off schedule has run
 * @param lastTick the most recent tick claimed, with its outcome and job, empty before the first
 */
public record ScheduleStats(
    Schedule schedule, boolean paused, Optional<Instant> nextTick, Optional<Tick> lastTick) {}
