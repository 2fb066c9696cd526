-- The job of the schedule's most recent enqueued tick, for the overlap policy.
SELECT job_id FROM <prefix>schedule_ticks
WHERE schedule = :name AND job_id IS NOT NULL
ORDER BY tick DESC
LIMIT 1
