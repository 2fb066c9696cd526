package io.jobqueue.schedule.spi;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.Tick;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where schedules and their ticks are kept, shared by every scheduler process: a backend's
 * contribution to {@link io.jobqueue.schedule.Scheduler}. Each method is atomic on its own; no
 * method holds state between calls, so any number of processes can use one store at once.
 *
 * <p>The heart is {@link #claim}: moving a schedule's next tick on, doing the tick's work and
 * recording the tick under a unique key (schedule, tick instant) happen as one step, so each tick
 * is claimed once however many schedulers race for it. A store whose jobs live in the same SQL
 * database runs the job's insert in the claim's transaction, so a crash cannot separate them.
 */
public interface ScheduleStore extends AutoCloseable {

  /**
   * Stores the schedule if the name is new; replaces its definition and next tick if the stored
   * definition differs; changes nothing if it is the same (so many processes can declare it).
   *
   * @param nextTick the first tick of this definition, or null if it will never tick
   * @return whether anything changed
   */
  boolean upsert(String name, String definition, Instant nextTick);

  /**
   * Schedules that are not paused and whose next tick is at or before {@code until}, soonest first,
   * at most {@code limit}. One round trip: this is what an idle scheduler sends each poll.
   */
  List<StoredSchedule> due(Instant until, int limit);

  /** Every schedule, by name. */
  List<StoredSchedule> list();

  /** The schedule with this name, if it exists. */
  Optional<StoredSchedule> find(String name);

  /** Pauses or resumes; returns false when there is no schedule of this name. */
  boolean setPaused(String name, boolean paused);

  /** Deletes the schedule and its history; returns false when there was none. */
  boolean delete(String name);

  /**
   * In one atomic step: if the schedule exists, is not paused and its next tick is still {@code
   * expectedNext}, sets its next tick to {@code newNext}, runs {@code work} on {@code queue}'s jobs
   * (in the same transaction when the store shares the queue's database) and records the ticks it
   * returns under the unique key (schedule, instant).
   *
   * @param newNext the tick after these, or null when the schedule will not tick again
   * @return the ticks recorded, or empty when another scheduler claimed first; nothing changed then
   */
  Optional<List<Tick>> claim(
      String name, Instant expectedNext, Instant newNext, JobQueue queue, TickWork work);

  /** One schedule's claim, as {@link #claim} takes it: for {@link #claimAll}. */
  record Claim(String name, Instant expectedNext, Instant newNext, TickWork work) {}

  /**
   * Several {@link #claim}s in as few transactions as the store can, each with the same meaning;
   * the results are in the order of {@code claims}. When it throws, the caller claims one at a time
   * to learn which claim failed: a store that runs the claims in one transaction has changed
   * nothing then, and one that does not (this default, one claim at a time) has recorded the claims
   * before the failure, which a second claim finds taken (empty) as always.
   */
  default List<Optional<List<Tick>>> claimAll(List<Claim> claims, JobQueue queue) {
    List<Optional<List<Tick>>> results = new ArrayList<>(claims.size());
    for (Claim c : claims) {
      results.add(claim(c.name(), c.expectedNext(), c.newNext(), queue, c.work()));
    }
    return results;
  }

  /** The schedule's most recent ticks, newest first, at most {@code limit}. */
  List<Tick> history(String name, int limit);

  /**
   * Deletes the schedule's ticks beyond the newest {@code keep} and those before {@code olderThan},
   * but never the newest one; returns how many.
   */
  int prune(String name, int keep, Instant olderThan);

  /** Releases what the store opened; closing twice does nothing. */
  @Override
  void close();
}
