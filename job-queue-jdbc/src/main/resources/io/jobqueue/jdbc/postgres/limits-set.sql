-- Sets or replaces a pipeline's limits; a NULL is no such limit.
INSERT INTO <prefix>pipeline_limits (pipeline, max_reserved, rate_count, rate_interval_ms)
VALUES (:pipeline, :max_reserved, :rate_count, :rate_interval_ms)
ON CONFLICT (pipeline) DO UPDATE SET max_reserved = EXCLUDED.max_reserved,
  rate_count = EXCLUDED.rate_count, rate_interval_ms = EXCLUDED.rate_interval_ms
