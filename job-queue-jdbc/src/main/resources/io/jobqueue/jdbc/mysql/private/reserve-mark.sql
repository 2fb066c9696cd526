-- The second step of MySqlDialect's reserve: reserves the rows reserve-candidates.sql locked, in
-- the same transaction; each gets its own lease, a random base plus its id. MySQL assigns left to
-- right, so timeouts is computed before state changes.
UPDATE <prefix>jobs
SET timeouts = timeouts + (state = 'reserved'),
    state = 'reserved',
    lease = :lease_base + id,
    -- a job reserved no longer holds its unique key, unless the key is held while reserved
    unique_key = CASE WHEN unique_while_reserved THEN unique_key END,
    reserves = reserves + 1,
    due_at = UTC_TIMESTAMP(6) + INTERVAL ttr_ms * 1000 MICROSECOND
WHERE id IN (<ids>)
