-- add.sql with a unique key: inserts nothing (0 rows) while a job of the pipeline holds the key;
-- waits for a concurrent insert of the same key to commit or roll back first.
INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at,
                          unique_key, unique_until, unique_while_reserved)
VALUES (:pipeline, :payload, :priority, CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END, :ttr_ms,
        now() + :delay_ms * interval '1 millisecond',
        :unique_key, now() + :window_ms * interval '1 millisecond', :while_reserved = 1)
ON CONFLICT DO NOTHING
