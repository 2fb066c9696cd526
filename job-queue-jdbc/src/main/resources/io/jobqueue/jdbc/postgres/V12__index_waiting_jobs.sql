-- reserve.sql takes the waiting jobs (ready, or delayed until a time that may have passed) through
-- this index, and reservations that ran out through jobs_held (V11). The jobs workers hold are in
-- neither, so a reserve no longer reads past every job that other reservers hold ahead.
CREATE INDEX IF NOT EXISTS <prefix>jobs_waiting ON <prefix>jobs (pipeline, priority, id) WHERE state IN ('ready', 'delayed');
