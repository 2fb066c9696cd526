SELECT schedule, tick, job_id, outcome, detail, recorded_at FROM <prefix>schedule_ticks
WHERE schedule = :name
ORDER BY tick DESC
LIMIT :limit
