-- The first step of MySqlDialect's reserve (MySQL has no UPDATE ... RETURNING): locks the most
-- urgent ready jobs and reads them as they will be once reserve-mark.sql reserves them.
-- Unless :limited (LimitedPipelines' reserve of one limited pipeline, in the transaction that
-- checked its limits), takes nothing when one of the pipelines has limits: a process that has not
-- seen new limits yet never goes past them. The test does not depend on the row, so it runs once
-- per statement (pgbench: no measurable cost).
SELECT id, pipeline, payload, priority, 'RESERVED' AS state, ttr_ms,
  TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created_at) DIV 1000 AS created_ms,
  reserves + 1 AS reserves, releases, timeouts + (state = 'reserved') AS timeouts, buries, kicks,
  reserves + 1 - kick_reserves AS attempts, 0 AS lease, bury_reason
FROM <prefix>jobs
WHERE pipeline IN (<pipelines>)
  AND state != 'buried'
  AND due_at <= UTC_TIMESTAMP(6)
  AND pipeline NOT IN (SELECT name FROM <prefix>pipelines WHERE paused_until > UTC_TIMESTAMP(6))
  AND (:limited OR NOT EXISTS (SELECT 1 FROM <prefix>pipeline_limits WHERE pipeline IN (<pipelines>)))
ORDER BY priority, id
LIMIT :limit
FOR UPDATE SKIP LOCKED
