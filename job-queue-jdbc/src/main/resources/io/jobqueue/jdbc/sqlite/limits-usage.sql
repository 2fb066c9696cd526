-- After limits-lock.sql, in the same write transaction: the pipeline's jobs held now, the
-- reservations started in the rate window, and the milliseconds until one of either ends (NULL
-- when none).
SELECT
  (SELECT count(*) FROM <prefix>jobs
   WHERE pipeline = :pipeline AND state = 'reserved' AND due_at > n.ms) AS reserved,
  (SELECT count(*) FROM <prefix>limit_starts
   WHERE pipeline = :pipeline AND started_ms > n.ms - :interval_ms) AS started,
  (SELECT min(started_ms) + :interval_ms - n.ms FROM <prefix>limit_starts
   WHERE pipeline = :pipeline AND started_ms > n.ms - :interval_ms) AS slot_ms,
  (SELECT min(due_at) - n.ms FROM <prefix>jobs
   WHERE pipeline = :pipeline AND state = 'reserved' AND due_at > n.ms) AS free_ms
FROM (SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER) AS ms) AS n
