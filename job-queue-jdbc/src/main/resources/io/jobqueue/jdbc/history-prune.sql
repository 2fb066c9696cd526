DELETE FROM <prefix>job_history WHERE pipeline = :pipeline AND finished_at < :before
