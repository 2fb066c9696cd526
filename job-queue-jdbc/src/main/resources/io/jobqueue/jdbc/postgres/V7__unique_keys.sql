-- Unique jobs (io.jobqueue.UniqueKey). unique_key is set while the job holds its key and NULL
-- once it no longer does (reserved without unique_while_reserved, buried), and a deleted job's row
-- is gone: so the unique index over the live keys is what refuses a second job with the key, in
-- the inserting statement itself (add-unique.sql), whichever process inserts.
-- unique_until: when the key's window ends; unique-expire.sql clears keys past it before an add.
ALTER TABLE <prefix>jobs
  ADD COLUMN unique_key            TEXT,
  ADD COLUMN unique_until          TIMESTAMPTZ,
  ADD COLUMN unique_while_reserved BOOLEAN NOT NULL DEFAULT false;

CREATE UNIQUE INDEX <prefix>jobs_unique ON <prefix>jobs (pipeline, unique_key)
  WHERE unique_key IS NOT NULL;
