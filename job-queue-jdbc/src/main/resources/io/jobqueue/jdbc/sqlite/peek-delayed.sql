SELECT id, pipeline, payload, priority,
  CASE WHEN state = 'buried' THEN 'BURIED' WHEN due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER) THEN 'READY'
       WHEN state = 'reserved' THEN 'RESERVED' ELSE 'DELAYED' END AS state,
  ttr_ms, created_at AS created_ms, reserves, releases,
  timeouts + (state = 'reserved' AND due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)) AS timeouts,
  buries, kicks, reserves - kick_reserves AS attempts, 0 AS lease, bury_reason
FROM <prefix>jobs
WHERE pipeline = :pipeline AND state = 'delayed' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
ORDER BY due_at, id
LIMIT :limit OFFSET :offset
