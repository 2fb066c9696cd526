-- Forgets a pipeline's reservation starts that the rate window has slid past.
DELETE FROM <prefix>limit_starts
WHERE pipeline = :pipeline AND started_ms <= CAST(unixepoch('subsec') * 1000 AS INTEGER) - :interval_ms
