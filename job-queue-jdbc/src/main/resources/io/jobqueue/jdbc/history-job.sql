SELECT id, pipeline, outcome, priority, payload_bytes, created_at, finished_at
FROM <prefix>job_history
WHERE id = :id
