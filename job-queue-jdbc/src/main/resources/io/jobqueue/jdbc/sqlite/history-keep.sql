-- Turns a pipeline's history on, or changes its retention.
INSERT INTO <prefix>history_settings (pipeline, max_age_ms, max_count)
VALUES (:pipeline, :max_age_ms, :max_count)
ON CONFLICT (pipeline) DO UPDATE SET max_age_ms = excluded.max_age_ms,
  max_count = excluded.max_count
