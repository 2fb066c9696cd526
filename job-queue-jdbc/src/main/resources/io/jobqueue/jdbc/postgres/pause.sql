INSERT INTO <prefix>pipelines (name, paused_until)
VALUES (:pipeline, now() + :pause_ms * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE SET paused_until = EXCLUDED.paused_until
