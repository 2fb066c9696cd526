UPDATE <prefix>jobs
SET state = 'ready', due_at = UTC_TIMESTAMP(6), kicks = kicks + 1, kick_reserves = reserves
WHERE id = :id AND pipeline = :pipeline
  AND (state = 'buried' OR (state = 'delayed' AND due_at > UTC_TIMESTAMP(6)))
