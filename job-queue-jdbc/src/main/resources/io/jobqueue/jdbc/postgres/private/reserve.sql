-- Committed asynchronously by default (<acknowledgement-commit> is 'off': synchronous_commit off
-- for this transaction only): a database crash can lose the last few of these, and then the job
-- runs again; it is never lost. Jobs are added with synchronous commits. With
-- durableAcknowledgements it is the session's own synchronous_commit, on by default.
-- Unless :limited (LimitedPipelines' reserve of one limited pipeline, in the transaction that
-- checked its limits), takes nothing when one of the pipelines has limits: a process that has not
-- seen new limits yet never goes past them. The test does not depend on the row, so it runs once
-- per statement (pgbench: no measurable cost).
-- The due jobs come from two indexes that leave out the jobs workers hold, so that a reserve no
-- longer reads past every job that the workers hold ahead: the waiting jobs in order through
-- jobs_waiting (V12), and the few reservations that ran out through jobs_held (V11). The most
-- urgent of both are taken, as from one list.
UPDATE <prefix>jobs AS j
SET state = 'reserved',
    -- a job reserved no longer holds its unique key, unless the key is held while reserved
    unique_key = CASE WHEN j.unique_while_reserved THEN j.unique_key END,
    lease = (floor(random() * 9000000000000000000) + 1)::bigint,
    reserves = j.reserves + 1,
    timeouts = j.timeouts + CASE WHEN j.state = 'reserved' THEN 1 ELSE 0 END,
    due_at = now() + j.ttr_ms * interval '1 millisecond'
FROM (SELECT set_config('synchronous_commit', <acknowledgement-commit>, true)) AS async
WHERE j.id IN (
  SELECT id FROM (
    SELECT id, priority FROM (
      SELECT id, priority FROM <prefix>jobs
      WHERE pipeline IN (<pipelines>)
        AND state IN ('ready', 'delayed')
        AND due_at <= now()
        AND pipeline NOT IN (SELECT name FROM <prefix>pipelines WHERE paused_until > now())
        AND (:limited OR NOT EXISTS (SELECT 1 FROM <prefix>pipeline_limits WHERE pipeline IN (<pipelines>)))
      ORDER BY priority, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) AS waiting
    UNION ALL
    SELECT id, priority FROM (
      SELECT id, priority FROM (
        SELECT id, priority FROM <prefix>jobs
        WHERE pipeline IN (<pipelines>)
          AND state = 'reserved'
          AND due_at <= now()
          AND pipeline NOT IN (SELECT name FROM <prefix>pipelines WHERE paused_until > now())
          AND (:limited OR NOT EXISTS (SELECT 1 FROM <prefix>pipeline_limits WHERE pipeline IN (<pipelines>)))
        -- a fence: the planner would otherwise serve ORDER BY from jobs_reserve, through every
        -- held job
        OFFSET 0) AS ran_out
      ORDER BY priority, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED) AS expired
    ) AS due
  ORDER BY priority, id
  LIMIT :limit)
RETURNING j.id, j.pipeline, j.payload, j.priority, 'RESERVED' AS state, j.ttr_ms,
  (extract(epoch FROM j.created_at) * 1000)::bigint AS created_ms,
  j.reserves, j.releases, j.timeouts, j.buries, j.kicks, j.reserves - j.kick_reserves AS attempts, j.lease,
  j.bury_reason
