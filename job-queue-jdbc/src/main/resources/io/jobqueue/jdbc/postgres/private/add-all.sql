-- A batch of jobs in one statement, whatever its size: each column comes as an array with one
-- element per job, so the statement text never changes and is prepared once. Identity values are
-- drawn in insertion order, which follows ORDER BY n: the ids sorted are the jobs' ids in order.
INSERT INTO <prefix>jobs (pipeline, payload, priority, state, ttr_ms, due_at)
SELECT :pipeline, j.payload, j.priority, CASE WHEN j.delay_ms > 0 THEN 'delayed' ELSE 'ready' END, j.ttr_ms,
       now() + j.delay_ms * interval '1 millisecond'
FROM unnest(:payloads::bytea[], :priorities::bigint[], :delays::bigint[], :ttrs::bigint[])
     WITH ORDINALITY AS j(payload, priority, delay_ms, ttr_ms, n)
ORDER BY j.n
RETURNING id
