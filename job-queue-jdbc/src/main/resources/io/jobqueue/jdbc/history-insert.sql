INSERT INTO <prefix>job_history
  (id, pipeline, outcome, priority, payload_bytes, created_at, finished_at)
VALUES (:id, :pipeline, :outcome, :priority, :payload_bytes, :created_at, :finished_at)
