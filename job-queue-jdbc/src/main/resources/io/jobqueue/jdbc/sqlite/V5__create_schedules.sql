-- Schedules that io.jobqueue.schedule.Scheduler ticks, and the ledger of their ticks. Times are
-- milliseconds since 1970-01-01 UTC by the schedulers' clocks (ticks are computed, not read from
-- the database), so they are plain integers in every dialect.
CREATE TABLE <prefix>schedules (
  name       TEXT NOT NULL PRIMARY KEY,
  -- the schedule as JSON; an upsert compares it as text
  definition TEXT NOT NULL,
  paused     INTEGER NOT NULL DEFAULT 0,
  -- the next tick to claim; NULL when the schedule will not tick again
  next_tick  INTEGER NULL
);

-- Serves schedule-due.sql, the one query an idle scheduler sends.
CREATE INDEX <prefix>schedules_due ON <prefix>schedules (next_tick);

-- One row per claimed tick. The primary key (schedule, tick) is the claim: a second claim of the
-- same tick inserts nothing, and the tick's job is inserted in the same transaction.
CREATE TABLE <prefix>schedule_ticks (
  schedule    TEXT NOT NULL,
  tick        INTEGER NOT NULL,
  -- the job the tick became; NULL when it was skipped
  job_id      INTEGER NULL,
  outcome     TEXT NOT NULL,
  detail      TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (schedule, tick)
);
