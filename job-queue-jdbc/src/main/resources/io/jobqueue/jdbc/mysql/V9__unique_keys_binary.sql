-- Unique keys compare byte for byte, as on PostgreSQL and SQLite: V7's utf8mb4_bin is a PAD SPACE
-- collation on MariaDB (and MySQL before 8.0), so "k" and "k " collided in the unique index and in
-- unique-holder.sql. VARBINARY has no collation and no padding; 255 characters of at most 4 bytes
-- each fit 1020 bytes, and (pipeline, unique_key) stays within InnoDB's index limit. The keys
-- stored are the same bytes (utf8mb4), so live keys keep holding across the change.
ALTER TABLE <prefix>jobs MODIFY COLUMN unique_key VARBINARY(1020) NULL;
