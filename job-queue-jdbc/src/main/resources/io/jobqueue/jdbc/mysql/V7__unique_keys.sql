-- Unique jobs (io.jobqueue.UniqueKey). unique_key is set while the job holds its key and NULL
-- once it no longer does (reserved without unique_while_reserved, buried), and a deleted job's row
-- is gone: so the unique index over the live keys (NULLs never collide) is what refuses a second
-- job with the key, in the inserting statement itself (add-unique.sql), whichever process inserts.
-- Keys compare byte for byte (utf8mb4_bin), as on the other backends, except that MariaDB's PAD
-- SPACE collations ignore trailing spaces. 200 ASCII + 255 * 4 bytes fit InnoDB's index limit.
-- unique_until: when the key's window ends; unique-expire.sql clears keys past it before an add.
ALTER TABLE <prefix>jobs
  ADD COLUMN unique_key            VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  ADD COLUMN unique_until          DATETIME(6)  NULL,
  ADD COLUMN unique_while_reserved BOOLEAN      NOT NULL DEFAULT FALSE,
  ADD UNIQUE INDEX <prefix>jobs_unique (pipeline, unique_key);
