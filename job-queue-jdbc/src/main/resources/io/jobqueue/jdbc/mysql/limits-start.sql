-- Records :count reservations started now in a rate-limited pipeline.
INSERT INTO <prefix>limit_starts (pipeline, started_ms)
SELECT :pipeline, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000
FROM (WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count)
      SELECT n FROM seq) AS s
