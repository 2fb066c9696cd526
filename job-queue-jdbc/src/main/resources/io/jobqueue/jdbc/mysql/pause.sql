INSERT INTO <prefix>pipelines (name, paused_until)
VALUES (:pipeline, UTC_TIMESTAMP(6) + INTERVAL :pause_ms * 1000 MICROSECOND)
ON DUPLICATE KEY UPDATE paused_until = VALUES(paused_until)
