-- MySQL has no DELETE ... RETURNING: delete-all.sql deletes the ids this locks.
SELECT id FROM <prefix>jobs
WHERE (id, lease) IN (<jobs>) AND state = 'reserved' AND due_at > UTC_TIMESTAMP(6)
FOR UPDATE
