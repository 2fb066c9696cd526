-- Sets or replaces a pipeline's limits; a NULL is no such limit.
INSERT INTO <prefix>pipeline_limits (pipeline, max_reserved, rate_count, rate_interval_ms)
VALUES (:pipeline, :max_reserved, :rate_count, :rate_interval_ms)
ON DUPLICATE KEY UPDATE max_reserved = VALUES(max_reserved), rate_count = VALUES(rate_count),
  rate_interval_ms = VALUES(rate_interval_ms)
