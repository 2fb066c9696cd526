-- Unique jobs (io.jobqueue.UniqueKey). unique_key is set while the job holds its key and NULL
-- once it no longer does (reserved without unique_while_reserved, buried), and a deleted job's row
-- is gone: so the unique index over the live keys is what refuses a second job with the key, in
-- the inserting statement itself (add-unique.sql).
-- unique_until: when the key's window ends (ms); unique-expire.sql clears keys past it before an
-- add.
ALTER TABLE <prefix>jobs ADD COLUMN unique_key TEXT;
ALTER TABLE <prefix>jobs ADD COLUMN unique_until INTEGER;
ALTER TABLE <prefix>jobs ADD COLUMN unique_while_reserved INTEGER NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX <prefix>jobs_unique ON <prefix>jobs (pipeline, unique_key)
  WHERE unique_key IS NOT NULL;
