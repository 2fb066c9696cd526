-- Forgets a pipeline's reservation starts that the rate window has slid past.
DELETE FROM <prefix>limit_starts
WHERE pipeline = :pipeline AND started_ms <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint - :interval_ms
