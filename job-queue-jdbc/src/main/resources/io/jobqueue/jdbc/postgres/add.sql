INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at)
VALUES (:pipeline, :payload, :priority, CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END, :ttr_ms,
        now() + :delay_ms * interval '1 millisecond')
