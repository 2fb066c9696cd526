-- Unless :limited (LimitedPipelines' reserve of one limited pipeline, in the transaction that
-- checked its limits), takes nothing when one of the pipelines has limits: a process that has not
-- seen new limits yet never goes past them. The test does not depend on the row, so it runs once
-- per statement (pgbench: no measurable cost).
UPDATE <prefix>jobs
SET state = 'reserved',
    lease = random() | 1,
    -- a job reserved no longer holds its unique key, unless the key is held while reserved
    unique_key = CASE WHEN unique_while_reserved THEN unique_key END,
    reserves = reserves + 1,
    timeouts = timeouts + (state = 'reserved'),
    due_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + ttr_ms
WHERE id IN (
  SELECT id FROM <prefix>jobs
  WHERE pipeline IN (<pipelines>)
    AND state != 'buried'
    AND due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
    AND pipeline NOT IN (SELECT name FROM <prefix>pipelines WHERE paused_until > CAST(unixepoch('subsec') * 1000 AS INTEGER))
    AND (:limited OR NOT EXISTS (SELECT 1 FROM <prefix>pipeline_limits WHERE pipeline IN (<pipelines>)))
  ORDER BY priority, id
  LIMIT :limit)
RETURNING id, pipeline, payload, priority, 'RESERVED' AS state, ttr_ms, created_at AS created_ms,
  reserves, releases, timeouts, buries, kicks, reserves - kick_reserves AS attempts, lease, bury_reason
