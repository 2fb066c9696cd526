UPDATE <prefix>jobs
SET state = CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END,
    priority = :priority,
    due_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + :delay_ms,
    releases = releases + 1,
    lease = 0
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
