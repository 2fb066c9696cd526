package io.jobqueue.testkit;

import io.jobqueue.JobQueue;
import io.jobqueue.schedule.Tick;
import io.jobqueue.schedule.spi.QueueTickJobs;
import io.jobqueue.schedule.spi.ScheduleStore;
import io.jobqueue.schedule.spi.StoredSchedule;
import io.jobqueue.schedule.spi.TickWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schedule store in memory, for the testkit's own tests: the reference the scheduler suite is
 * checked against before a real store runs it. Stores made with the same key share their data, as
 * scheduler processes share one database. One lock makes each method atomic.
 */
final class InMemoryScheduleStore implements ScheduleStore {

  private static final Map<String, Data> DATA = new ConcurrentHashMap<>();

  private final Data data;

  InMemoryScheduleStore(String key) {
    this.data = DATA.computeIfAbsent(key, k -> new Data());
  }

  private static final class Data {
    final Map<String, StoredSchedule> schedules = new TreeMap<>();
    final Map<String, TreeMap<Instant, Tick>> ticks = new HashMap<>();
  }

  @Override
  public boolean upsert(String name, String definition, Instant nextTick) {
    synchronized (data) {
      StoredSchedule stored = data.schedules.get(name);
      if (stored != null && stored.definition().equals(definition)) {
        return false;
      }
      data.schedules.put(
          name, new StoredSchedule(name, definition, stored != null && stored.paused(), nextTick));
      return true;
    }
  }

  @Override
  public List<StoredSchedule> due(Instant until, int limit) {
    synchronized (data) {
      return data.schedules.values().stream()
          .filter(s -> !s.paused() && s.nextTick() != null && !s.nextTick().isAfter(until))
          .sorted(Comparator.comparing(StoredSchedule::nextTick))
          .limit(limit)
          .toList();
    }
  }

  @Override
  public List<StoredSchedule> list() {
    synchronized (data) {
      return List.copyOf(data.schedules.values());
    }
  }

  @Override
  public Optional<StoredSchedule> find(String name) {
    synchronized (data) {
      return Optional.ofNullable(data.schedules.get(name));
    }
  }

  @Override
  public boolean setPaused(String name, boolean paused) {
    synchronized (data) {
      StoredSchedule s = data.schedules.get(name);
      if (s == null) {
        return false;
      }
      data.schedules.put(name, new StoredSchedule(name, s.definition(), paused, s.nextTick()));
      return true;
    }
  }

  @Override
  public boolean delete(String name) {
    synchronized (data) {
      data.ticks.remove(name);
      return data.schedules.remove(name) != null;
    }
  }

  @Override
  public Optional<List<Tick>> claim(
      String name, Instant expectedNext, Instant newNext, JobQueue queue, TickWork work) {
    synchronized (data) {
      StoredSchedule s = data.schedules.get(name);
      if (s == null || s.paused() || !Objects.equals(s.nextTick(), expectedNext)) {
        return Optional.empty();
      }
      TreeMap<Instant, Tick> history = data.ticks.computeIfAbsent(name, n -> new TreeMap<>());
      QueueTickJobs jobs =
          new QueueTickJobs(
              queue,
              () ->
                  history.descendingMap().values().stream()
                      .filter(t -> t.jobId() != 0)
                      .mapToLong(Tick::jobId)
                      .findFirst());
      List<Tick> ticks = work.run(jobs);
      if (ticks.stream().anyMatch(t -> history.containsKey(t.instant()))) {
        jobs.undo();
        return Optional.empty();
      }
      ticks.forEach(t -> history.put(t.instant(), t));
      data.schedules.put(name, new StoredSchedule(name, s.definition(), false, newNext));
      return Optional.of(ticks);
    }
  }

  @Override
  public List<Tick> history(String name, int limit) {
    synchronized (data) {
      return data.ticks.getOrDefault(name, new TreeMap<>()).descendingMap().values().stream()
          .limit(limit)
          .toList();
    }
  }

  @Override
  public int prune(String name, int keep, Instant olderThan) {
    synchronized (data) {
      TreeMap<Instant, Tick> history = data.ticks.get(name);
      if (history == null || history.isEmpty()) {
        return 0;
      }
      List<Instant> newestFirst = new ArrayList<>(history.descendingKeySet());
      Instant newest = newestFirst.get(0);
      int before = history.size();
      history
          .keySet()
          .removeIf(
              t -> !t.equals(newest) && (newestFirst.indexOf(t) >= keep || t.isBefore(olderThan)));
      return before - history.size();
    }
  }

  @Override
  public void close() {}
}
