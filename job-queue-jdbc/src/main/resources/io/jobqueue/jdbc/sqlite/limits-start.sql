-- Records :count reservations started now in a rate-limited pipeline.
INSERT INTO <prefix>limit_starts (pipeline, started_ms)
SELECT :pipeline, CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM (WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count)
      SELECT n FROM seq) AS s
