-- Every job as a reader sees it now, in the columns JobMapper reads, plus due_at: a delayed job
-- whose due_at has passed is READY, and so is a reserved job whose reservation has ended, with one
-- more timeout (the next reserve counts it). The only place of this rule: statements that show jobs
-- or count them by state read <jobs-now> instead of the table. lease is 0: only reserve hands one out.
-- stored_state is the column as stored, only for conditions an index can serve.
SELECT id, pipeline, payload, priority,
  CASE WHEN state = 'buried' THEN 'BURIED' WHEN due_at <= now() THEN 'READY'
       WHEN state = 'reserved' THEN 'RESERVED' ELSE 'DELAYED' END AS state,
  ttr_ms, (extract(epoch FROM created_at) * 1000)::bigint AS created_ms, reserves, releases,
  timeouts + CASE WHEN state = 'reserved' AND due_at <= now() THEN 1 ELSE 0 END AS timeouts,
  buries, kicks, 0 AS lease, bury_reason, due_at,
  state AS stored_state
FROM <prefix>jobs
