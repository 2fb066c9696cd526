-- add.sql with a unique key: inserts nothing (0 rows) while a job of the pipeline holds the key.
INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at, created_at,
                          unique_key, unique_until, unique_while_reserved)
VALUES (:pipeline, :payload, :priority, CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END, :ttr_ms,
        CAST(unixepoch('subsec') * 1000 AS INTEGER) + :delay_ms, CAST(unixepoch('subsec') * 1000 AS INTEGER),
        :unique_key, CAST(unixepoch('subsec') * 1000 AS INTEGER) + :window_ms, :while_reserved = 1)
ON CONFLICT DO NOTHING
