-- Forgets a pipeline's reservation starts that the rate window has slid past.
DELETE FROM <prefix>limit_starts
WHERE pipeline = :pipeline
  AND started_ms <= TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000 - :interval_ms
