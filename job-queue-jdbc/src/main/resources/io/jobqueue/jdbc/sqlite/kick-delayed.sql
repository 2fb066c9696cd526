UPDATE <prefix>jobs
SET state = 'ready', due_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), kicks = kicks + 1, kick_reserves = reserves
WHERE id IN (
  SELECT id FROM <prefix>jobs
  WHERE pipeline = :pipeline AND state = 'delayed' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
  ORDER BY due_at, id
  LIMIT :bound)
