-- Turns a pipeline's history on, or changes its retention.
INSERT INTO <prefix>history_settings (pipeline, max_age_ms, max_count)
VALUES (:pipeline, :max_age_ms, :max_count)
ON DUPLICATE KEY UPDATE max_age_ms = VALUES(max_age_ms), max_count = VALUES(max_count)
