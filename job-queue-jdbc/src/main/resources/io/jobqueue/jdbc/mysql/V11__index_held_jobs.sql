-- A limited pipeline's reserve (limits-usage.sql) counts the pipeline's held jobs and finds the
-- first to come free; without this index it read every waiting job of the pipeline, so the limited
-- reserve slowed with the backlog. MySQL has no partial index: state leads, so the held jobs of a
-- pipeline are one range.
ALTER TABLE <prefix>jobs ADD INDEX <prefix>jobs_held (pipeline, state, due_at);
