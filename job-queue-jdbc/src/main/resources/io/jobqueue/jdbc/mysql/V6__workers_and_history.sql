-- Live workers and job history (io.jobqueue.WorkerInfo, io.jobqueue.JobRecord). Times are
-- milliseconds since 1970-01-01 UTC: heartbeat_at by the database's clock (so "gone" is judged by
-- one clock), the others by the clock of the worker that wrote them.

-- One row per running worker, upserted on every heartbeat, deleted on a clean stop; a row whose
-- heartbeat is older than a few intervals is a gone worker, pruned later by any heartbeat.
CREATE TABLE <prefix>workers (
  id           VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  host         TEXT    NOT NULL,
  pid          BIGINT  NOT NULL,
  -- the pipelines it watches, separated by spaces (a pipeline name has none)
  pipelines    TEXT    NOT NULL,
  concurrency  INT     NOT NULL,
  started_at   BIGINT  NOT NULL,
  heartbeat_at BIGINT  NOT NULL,
  heartbeat_ms BIGINT  NOT NULL,
  jobs_held    INT     NOT NULL
) ENGINE = InnoDB;

-- Pipelines that keep history, with their retention.
CREATE TABLE <prefix>history_settings (
  pipeline   VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  max_age_ms BIGINT NOT NULL,
  max_count  INT    NOT NULL
) ENGINE = InnoDB;

-- One row per finished or buried job of a pipeline that keeps history.
CREATE TABLE <prefix>job_history (
  id            BIGINT NOT NULL PRIMARY KEY,
  pipeline      VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  outcome       TEXT   NOT NULL,
  priority      BIGINT NOT NULL,
  payload_bytes INT    NOT NULL,
  created_at    BIGINT NOT NULL,
  finished_at   BIGINT NOT NULL
) ENGINE = InnoDB;

-- Serves a pipeline's history page, newest first, and its pruning.
CREATE INDEX <prefix>job_history_page ON <prefix>job_history (pipeline, finished_at, id);

-- One row per attempt at a job of a pipeline that keeps history, written by its worker.
CREATE TABLE <prefix>job_attempts (
  job_id      BIGINT NOT NULL,
  pipeline    VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  worker_id   TEXT   NOT NULL,
  started_at  BIGINT NOT NULL,
  finished_at BIGINT NOT NULL,
  outcome     TEXT   NOT NULL,
  error       TEXT   NOT NULL
) ENGINE = InnoDB;

CREATE INDEX <prefix>job_attempts_job ON <prefix>job_attempts (job_id, started_at);

CREATE INDEX <prefix>job_attempts_prune ON <prefix>job_attempts (pipeline, finished_at);
