-- Whether reserve.sql would find a job, without the write lock: a waiting reserve polls with this
-- and reserves only when it answers a row.
SELECT 1 FROM <prefix>jobs
WHERE pipeline IN (<pipelines>)
  AND state != 'buried'
  AND due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
  AND pipeline NOT IN (
    SELECT name FROM <prefix>pipelines WHERE paused_until > CAST(unixepoch('subsec') * 1000 AS INTEGER))
LIMIT 1
