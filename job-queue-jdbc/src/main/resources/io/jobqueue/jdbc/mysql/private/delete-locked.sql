-- The second step of MySqlDialect's grouped delete: deletes the jobs lock-held.sql locked in the
-- same transaction, which are still held.
DELETE FROM <prefix>jobs
WHERE id IN (<ids>)
