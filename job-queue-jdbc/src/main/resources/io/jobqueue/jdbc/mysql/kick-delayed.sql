UPDATE <prefix>jobs
SET state = 'ready', due_at = UTC_TIMESTAMP(6), kicks = kicks + 1, kick_reserves = reserves
WHERE pipeline = :pipeline AND state = 'delayed' AND due_at > UTC_TIMESTAMP(6)
ORDER BY due_at, id
LIMIT :bound
