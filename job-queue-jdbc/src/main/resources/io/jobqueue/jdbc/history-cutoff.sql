-- The end of the newest record past a pipeline's count limit: records that ended before it go.
SELECT finished_at FROM <prefix>job_history
WHERE pipeline = :pipeline
ORDER BY finished_at DESC, id DESC
LIMIT 1 OFFSET :max_count
