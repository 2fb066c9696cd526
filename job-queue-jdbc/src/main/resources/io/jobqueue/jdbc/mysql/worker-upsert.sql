-- A worker's heartbeat: its row with the database's time as its last heartbeat.
INSERT INTO <prefix>workers
  (id, host, pid, pipelines, concurrency, started_at, heartbeat_at, heartbeat_ms, jobs_held)
VALUES (:id, :host, :pid, :pipelines, :concurrency, :started_at, <now-ms>, :heartbeat_ms, :jobs_held)
ON DUPLICATE KEY UPDATE host = VALUES(host), pid = VALUES(pid), pipelines = VALUES(pipelines),
  concurrency = VALUES(concurrency), started_at = VALUES(started_at),
  heartbeat_at = VALUES(heartbeat_at), heartbeat_ms = VALUES(heartbeat_ms),
  jobs_held = VALUES(jobs_held)
