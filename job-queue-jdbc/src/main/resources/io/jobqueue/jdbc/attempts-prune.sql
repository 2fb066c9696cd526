-- Attempts that ended before a pipeline's oldest kept record: those of pruned jobs, and early
-- attempts at jobs that have not ended after that long.
DELETE FROM <prefix>job_attempts WHERE pipeline = :pipeline AND finished_at < :before
