SELECT id, pipeline, payload, priority,
  CASE WHEN state = 'buried' THEN 'BURIED' WHEN due_at <= UTC_TIMESTAMP(6) THEN 'READY'
       WHEN state = 'reserved' THEN 'RESERVED' ELSE 'DELAYED' END AS state,
  ttr_ms, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', created_at) DIV 1000 AS created_ms,
  reserves, releases, timeouts + (state = 'reserved' AND due_at <= UTC_TIMESTAMP(6)) AS timeouts,
  buries, kicks, reserves - kick_reserves AS attempts, 0 AS lease, bury_reason
FROM <prefix>jobs
WHERE id = :id
