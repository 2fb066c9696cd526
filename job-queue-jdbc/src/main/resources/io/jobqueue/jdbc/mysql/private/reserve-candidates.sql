-- The first step of MySqlDialect's reserve (MySQL has no UPDATE ... RETURNING): locks the most
-- urgent ready jobs and reads them as they will be once reserve-mark.sql reserves them.
SELECT id, pipeline, payload, priority, 'RESERVED' AS state, ttr_ms,
  TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created_at) DIV 1000 AS created_ms,
  reserves + 1 AS reserves, releases, timeouts + (state = 'reserved') AS timeouts, buries, kicks,
  reserves + 1 - kick_reserves AS attempts, 0 AS lease, bury_reason
FROM <prefix>jobs
WHERE pipeline IN (<pipelines>)
  AND state != 'buried'
  AND due_at <= UTC_TIMESTAMP(6)
  AND pipeline NOT IN (SELECT name FROM <prefix>pipelines WHERE paused_until > UTC_TIMESTAMP(6))
  AND (:limited OR pipeline NOT IN (SELECT pipeline FROM <prefix>pipeline_limits))
ORDER BY priority, id
LIMIT :limit
FOR UPDATE SKIP LOCKED
