UPDATE <prefix>jobs
SET state = 'ready', due_at = CAST(unixepoch('subsec') * 1000 AS INTEGER), kicks = kicks + 1, kick_reserves = reserves
WHERE id = :id AND pipeline = :pipeline
  AND (state = 'buried' OR (state = 'delayed' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)))
