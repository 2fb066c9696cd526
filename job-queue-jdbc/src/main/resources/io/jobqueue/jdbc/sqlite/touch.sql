UPDATE <prefix>jobs
SET due_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + ttr_ms
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
