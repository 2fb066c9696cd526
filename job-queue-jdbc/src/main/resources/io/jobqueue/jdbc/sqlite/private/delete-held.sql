-- id IN (<ids>) lets SQLite find the rows by rowid: with the row values alone it scans the table.
DELETE FROM <prefix>jobs
WHERE id IN (<ids>) AND (id, lease) IN (VALUES <jobs>) AND state = 'reserved'
  AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
RETURNING id
