-- The attempts at these jobs, oldest first.
SELECT job_id, worker_id, started_at, finished_at, outcome, error
FROM <prefix>job_attempts
WHERE job_id IN (<ids>)
ORDER BY job_id, started_at
