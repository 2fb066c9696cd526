-- Whether reserve-candidates.sql would find a job, without a transaction or locks: a waiting
-- reserve polls with this and reserves only when it answers a row.
SELECT 1 FROM <prefix>jobs
WHERE pipeline IN (<pipelines>)
  AND state != 'buried'
  AND due_at <= UTC_TIMESTAMP(6)
  AND pipeline NOT IN (SELECT name FROM <prefix>pipelines WHERE paused_until > UTC_TIMESTAMP(6))
LIMIT 1
