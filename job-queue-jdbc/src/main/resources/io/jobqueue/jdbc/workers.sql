-- Every registered worker; gone when its heartbeat is older than :gone_after intervals by the
-- database's clock.
SELECT id, host, pid, pipelines, concurrency, started_at, heartbeat_at, heartbeat_ms, jobs_held,
  CASE WHEN heartbeat_at < <now-ms> - heartbeat_ms * :gone_after THEN 1 ELSE 0 END AS gone
FROM <prefix>workers
ORDER BY id
