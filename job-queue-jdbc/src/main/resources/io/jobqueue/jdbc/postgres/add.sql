-- Parameters by position: pipeline, payload, priority, delay_ms, ttr_ms, delay_ms.
INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at)
VALUES (?, ?, ?, CASE WHEN ? > 0 THEN 'delayed' ELSE 'ready' END, ?, now() + ? * interval '1 millisecond')
