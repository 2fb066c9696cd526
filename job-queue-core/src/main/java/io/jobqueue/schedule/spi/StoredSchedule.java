package io.jobqueue.schedule.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule as a {@link ScheduleStore} keeps it.
 *
 * @param name the unique name
 * @param definition the schedule as text; stores keep it as given and compare it as text
 * @param paused whether schedulers leave it alone
 * @param nextTick the next tick to claim, or null when the schedule will not tick again
 */
public record StoredSchedule(String name, String definition, boolean paused, Instant nextTick) {

  /** Checks that the name and definition are there. */
  public StoredSchedule {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(definition, "definition must not be null");
  }

  /** The next tick to claim, empty when the schedule will not tick again. */
  public Optional<Instant> next() {
    return Optional.ofNullable(nextTick);
  }
}
