DELETE FROM <prefix>jobs
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
