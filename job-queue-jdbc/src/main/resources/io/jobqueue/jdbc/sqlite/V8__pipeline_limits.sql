-- Pipeline-wide limits (Pipeline.setLimits): a pipeline with a row here is reserved only in a
-- write transaction that reads its row, so the counts below and the reservation are one step.
CREATE TABLE <prefix>pipeline_limits (
  pipeline         TEXT    NOT NULL PRIMARY KEY,
  max_reserved     INTEGER,
  rate_count       INTEGER,
  rate_interval_ms INTEGER
);

-- When each reservation of a rate-limited pipeline started (epoch ms), pruned as the window slides.
CREATE TABLE <prefix>limit_starts (
  pipeline   TEXT    NOT NULL,
  started_ms INTEGER NOT NULL
);

CREATE INDEX <prefix>limit_starts_window ON <prefix>limit_starts (pipeline, started_ms);
