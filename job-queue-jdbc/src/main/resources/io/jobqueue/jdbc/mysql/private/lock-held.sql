-- The first step of MySqlDialect's grouped delete (MySQL has no DELETE ... RETURNING): locks the
-- jobs whose lease is still current; delete-locked.sql deletes them in the same transaction.
SELECT id FROM <prefix>jobs
WHERE (id, lease) IN (<jobs>) AND state = 'reserved' AND due_at > UTC_TIMESTAMP(6)
FOR UPDATE
