-- Jobs that exist now; delete removes the row at once, so this table holds only live jobs.
-- state is what was stored last; a delayed job whose due_at has passed is ready, and a reserved
-- job whose due_at (the end of its reservation) has passed is ready again with one more timeout.
-- Times are milliseconds since 1970-01-01 UTC.
CREATE TABLE <prefix>jobs (
  -- AUTOINCREMENT: ids of deleted jobs are never given out again
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  pipeline    TEXT    NOT NULL,
  payload     BLOB    NOT NULL,
  priority    INTEGER NOT NULL,
  state       TEXT    NOT NULL CHECK (state IN ('delayed', 'ready', 'reserved', 'buried')),
  ttr_ms      INTEGER NOT NULL,
  -- delayed: when it becomes ready; ready: since when; reserved: when the reservation ends;
  -- buried: when it was buried
  due_at      INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  -- token of the current reservation; 0 when not reserved
  lease       INTEGER NOT NULL DEFAULT 0,
  reserves    INTEGER NOT NULL DEFAULT 0,
  releases    INTEGER NOT NULL DEFAULT 0,
  timeouts    INTEGER NOT NULL DEFAULT 0,
  buries      INTEGER NOT NULL DEFAULT 0,
  kicks       INTEGER NOT NULL DEFAULT 0,
  bury_reason TEXT
);

-- Serves reserve.sql exactly: one pipeline's unburied jobs in the order they are taken.
CREATE INDEX <prefix>jobs_reserve ON <prefix>jobs (pipeline, priority, id) WHERE state != 'buried';

-- Pipelines that were paused; reserve skips a pipeline until paused_until.
CREATE TABLE <prefix>pipelines (
  name         TEXT    PRIMARY KEY,
  paused_until INTEGER NOT NULL
);
