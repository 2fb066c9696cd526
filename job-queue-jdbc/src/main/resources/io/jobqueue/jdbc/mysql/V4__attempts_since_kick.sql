-- reserves at the job's last kick: Job.attempts() is reserves - kick_reserves, so a kicked job
-- gets its retry policy's full budget again while reserves keeps counting its whole life.
ALTER TABLE <prefix>jobs ADD COLUMN kick_reserves INTEGER NOT NULL DEFAULT 0;
