-- Runs for each row reserve-candidates.sql locked, in the same transaction. MySQL assigns left
-- to right, so timeouts is computed before state changes.
UPDATE <prefix>jobs
SET timeouts = timeouts + (state = 'reserved'),
    state = 'reserved',
    lease = :lease,
    reserves = reserves + 1,
    due_at = UTC_TIMESTAMP(6) + INTERVAL ttr_ms * 1000 MICROSECOND
WHERE id = :id
