INSERT INTO <prefix>pipelines (name, paused_until)
VALUES (:pipeline, CAST(unixepoch('subsec') * 1000 AS INTEGER) + :pause_ms)
ON CONFLICT (name) DO UPDATE SET paused_until = excluded.paused_until
