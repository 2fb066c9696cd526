UPDATE <prefix>jobs
SET due_at = UTC_TIMESTAMP(6) + INTERVAL ttr_ms * 1000 MICROSECOND
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > UTC_TIMESTAMP(6)
