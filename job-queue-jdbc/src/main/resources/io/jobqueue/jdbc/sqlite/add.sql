INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at, created_at)
VALUES (:pipeline, :payload, :priority, CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END, :ttr_ms,
        CAST(unixepoch('subsec') * 1000 AS INTEGER) + :delay_ms, CAST(unixepoch('subsec') * 1000 AS INTEGER))
