UPDATE <prefix>jobs
SET state = CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END,
    priority = :priority,
    due_at = now() + :delay_ms * interval '1 millisecond',
    releases = releases + 1,
    lease = 0
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > now()
