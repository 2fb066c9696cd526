DELETE FROM <prefix>jobs
WHERE (id, lease) IN (VALUES <jobs>) AND state = 'reserved' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
RETURNING id
