SELECT id, pipeline, outcome, priority, payload_bytes, created_at, finished_at
FROM <prefix>job_history
WHERE pipeline = :pipeline
ORDER BY finished_at DESC, id DESC
LIMIT :limit OFFSET :offset
