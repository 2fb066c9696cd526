-- add.sql with a unique key: inserts nothing (0 rows) while a job of the pipeline holds the key;
-- waits for a concurrent insert of the same key to commit or roll back first. IGNORE also turns
-- other errors into warnings, but every value here is checked before (payload, key and name
-- lengths, priority and duration ranges).
INSERT IGNORE INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at, created_at,
                                 unique_key, unique_until, unique_while_reserved)
VALUES (:pipeline, :payload, :priority, CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END, :ttr_ms,
        UTC_TIMESTAMP(6) + INTERVAL :delay_ms * 1000 MICROSECOND, UTC_TIMESTAMP(6),
        :unique_key, UTC_TIMESTAMP(6) + INTERVAL :window_ms * 1000 MICROSECOND, :while_reserved = 1)
