SELECT id, pipeline, payload, priority,
  CASE WHEN state = 'buried' THEN 'BURIED' WHEN due_at <= now() THEN 'READY'
       WHEN state = 'reserved' THEN 'RESERVED' ELSE 'DELAYED' END AS state,
  ttr_ms, (extract(epoch FROM created_at) * 1000)::bigint AS created_ms, reserves, releases,
  timeouts + CASE WHEN state = 'reserved' AND due_at <= now() THEN 1 ELSE 0 END AS timeouts,
  buries, kicks, reserves - kick_reserves AS attempts, 0 AS lease, bury_reason
FROM <prefix>jobs
WHERE pipeline = :pipeline AND state = 'buried'
ORDER BY due_at, id
LIMIT :limit OFFSET :offset
