UPDATE <prefix>jobs
SET state = 'ready', due_at = UTC_TIMESTAMP(6), kicks = kicks + 1, kick_reserves = reserves
WHERE pipeline = :pipeline AND state = 'buried'
ORDER BY due_at, id
LIMIT :bound
