INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at, created_at)
VALUES (:pipeline, :payload, :priority, CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END, :ttr_ms,
        UTC_TIMESTAMP(6) + INTERVAL :delay_ms * 1000 MICROSECOND, UTC_TIMESTAMP(6))
