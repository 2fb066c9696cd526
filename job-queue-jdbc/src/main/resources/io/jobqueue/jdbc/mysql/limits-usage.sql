-- After limits-lock.sql, in a new statement (READ COMMITTED: it sees every reserve committed
-- before the lock was granted): the pipeline's jobs held now, the reservations started in the
-- rate window, and the milliseconds until one of either ends (NULL when none).
SELECT
  (SELECT count(*) FROM <prefix>jobs
   WHERE pipeline = :pipeline AND state = 'reserved' AND due_at > UTC_TIMESTAMP(6)) AS reserved,
  (SELECT count(*) FROM <prefix>limit_starts
   WHERE pipeline = :pipeline AND started_ms > n.ms - :interval_ms) AS started,
  (SELECT min(started_ms) + :interval_ms - n.ms FROM <prefix>limit_starts
   WHERE pipeline = :pipeline AND started_ms > n.ms - :interval_ms) AS slot_ms,
  (SELECT CEIL(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), min(due_at)) / 1000) FROM <prefix>jobs
   WHERE pipeline = :pipeline AND state = 'reserved' AND due_at > UTC_TIMESTAMP(6)) AS free_ms
FROM (SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000 AS ms) AS n
