-- After limits-lock.sql, in a new statement (READ COMMITTED: it sees every reserve committed
-- before the lock was granted): the pipeline's jobs held now, the reservations started in the
-- rate window, and the milliseconds until one of either ends (NULL when none).
SELECT
  (SELECT count(*) FROM <prefix>jobs
   WHERE pipeline = :pipeline AND state = 'reserved' AND due_at > clock_timestamp()) AS reserved,
  (SELECT count(*) FROM <prefix>limit_starts
   WHERE pipeline = :pipeline AND started_ms > n.ms - :interval_ms) AS started,
  (SELECT min(started_ms) + :interval_ms - n.ms FROM <prefix>limit_starts
   WHERE pipeline = :pipeline AND started_ms > n.ms - :interval_ms) AS slot_ms,
  (SELECT ceil(extract(epoch FROM min(due_at) - clock_timestamp()) * 1000)::bigint FROM <prefix>jobs
   WHERE pipeline = :pipeline AND state = 'reserved' AND due_at > clock_timestamp()) AS free_ms
FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms) AS n
