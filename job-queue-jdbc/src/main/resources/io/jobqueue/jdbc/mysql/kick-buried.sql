UPDATE <prefix>jobs
SET state = 'ready', due_at = UTC_TIMESTAMP(6), kicks = kicks + 1
WHERE pipeline = :pipeline AND state = 'buried'
ORDER BY due_at, id
LIMIT :bound
