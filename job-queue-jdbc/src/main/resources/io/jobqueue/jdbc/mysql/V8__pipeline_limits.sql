-- Pipeline-wide limits (Pipeline.setLimits): a pipeline with a row here is reserved only in a
-- transaction that locks its row, so the counts below and the reservation are one step.
CREATE TABLE <prefix>pipeline_limits (
  pipeline         VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  max_reserved     INT,
  rate_count       INT,
  rate_interval_ms BIGINT
) ENGINE = InnoDB;

-- When each reservation of a rate-limited pipeline started (epoch ms), pruned as the window slides.
CREATE TABLE <prefix>limit_starts (
  pipeline   VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  started_ms BIGINT NOT NULL,
  INDEX <prefix>limit_starts_window (pipeline, started_ms)
) ENGINE = InnoDB;
