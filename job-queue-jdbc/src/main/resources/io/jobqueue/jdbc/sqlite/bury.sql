UPDATE <prefix>jobs
SET state = 'buried',
    bury_reason = :reason,
    -- a buried job no longer holds its unique key
    unique_key = NULL,
    due_at = CAST(unixepoch('subsec') * 1000 AS INTEGER),
    buries = buries + 1,
    lease = 0
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
