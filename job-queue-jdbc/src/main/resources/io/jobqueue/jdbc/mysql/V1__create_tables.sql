-- Jobs that exist now; delete removes the row at once, so this table holds only live jobs.
-- state is what was stored last; a delayed job whose due_at has passed is ready, and a reserved
-- job whose due_at (the end of its reservation) has passed is ready again with one more timeout.
-- Times are UTC (UTC_TIMESTAMP), whatever the session time zone.
CREATE TABLE <prefix>jobs (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- pipeline names are ASCII; binary collation keeps "Emails" and "emails" apart
  pipeline    VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  payload     LONGBLOB     NOT NULL,
  priority    BIGINT       NOT NULL,
  state       VARCHAR(8)   CHARACTER SET ascii NOT NULL,
  ttr_ms      BIGINT       NOT NULL,
  -- delayed: when it becomes ready; ready: since when; reserved: when the reservation ends;
  -- buried: when it was buried
  due_at      DATETIME(6)  NOT NULL,
  created_at  DATETIME(6)  NOT NULL,
  -- token of the current reservation; 0 when not reserved
  lease       BIGINT       NOT NULL DEFAULT 0,
  reserves    INT          NOT NULL DEFAULT 0,
  releases    INT          NOT NULL DEFAULT 0,
  timeouts    INT          NOT NULL DEFAULT 0,
  buries      INT          NOT NULL DEFAULT 0,
  kicks       INT          NOT NULL DEFAULT 0,
  bury_reason TEXT         NULL,
  -- Serves reserve-candidates.sql: one pipeline's jobs in the order they are taken.
  INDEX <prefix>jobs_reserve (pipeline, priority, id)
) ENGINE = InnoDB;

-- Pipelines that were paused; reserve skips a pipeline until paused_until.
CREATE TABLE <prefix>pipelines (
  name         VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  paused_until DATETIME(6)  NOT NULL
) ENGINE = InnoDB;
