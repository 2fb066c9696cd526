UPDATE <prefix>jobs
SET due_at = now() + ttr_ms * interval '1 millisecond'
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > now()
