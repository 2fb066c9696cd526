-- A limited pipeline's reserve (limits-usage.sql) counts the pipeline's held jobs and finds the
-- first to come free; without this index it read every waiting job of the pipeline, so the limited
-- reserve slowed with the backlog. Partial: only held jobs are in it, a few per worker.
CREATE INDEX IF NOT EXISTS <prefix>jobs_held ON <prefix>jobs (pipeline, due_at) WHERE state = 'reserved';
