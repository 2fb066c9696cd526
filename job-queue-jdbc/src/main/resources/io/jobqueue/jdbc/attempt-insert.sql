INSERT INTO <prefix>job_attempts
  (job_id, pipeline, worker_id, started_at, finished_at, outcome, error)
VALUES (:job_id, :pipeline, :worker_id, :started_at, :finished_at, :outcome, :error)
