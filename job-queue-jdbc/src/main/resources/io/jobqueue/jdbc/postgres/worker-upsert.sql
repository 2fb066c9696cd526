-- A worker's heartbeat: its row with the database's time as its last heartbeat.
INSERT INTO <prefix>workers
  (id, host, pid, pipelines, concurrency, started_at, heartbeat_at, heartbeat_ms, jobs_held)
VALUES (:id, :host, :pid, :pipelines, :concurrency, :started_at, <now-ms>, :heartbeat_ms, :jobs_held)
ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
  pipelines = EXCLUDED.pipelines, concurrency = EXCLUDED.concurrency,
  started_at = EXCLUDED.started_at, heartbeat_at = EXCLUDED.heartbeat_at,
  heartbeat_ms = EXCLUDED.heartbeat_ms, jobs_held = EXCLUDED.jobs_held
