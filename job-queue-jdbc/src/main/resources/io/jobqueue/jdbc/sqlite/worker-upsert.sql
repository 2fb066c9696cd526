-- A worker's heartbeat: its row with the database's time as its last heartbeat.
INSERT INTO <prefix>workers
  (id, host, pid, pipelines, concurrency, started_at, heartbeat_at, heartbeat_ms, jobs_held)
VALUES (:id, :host, :pid, :pipelines, :concurrency, :started_at, <now-ms>, :heartbeat_ms, :jobs_held)
ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
  pipelines = excluded.pipelines, concurrency = excluded.concurrency,
  started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
  heartbeat_ms = excluded.heartbeat_ms, jobs_held = excluded.jobs_held
