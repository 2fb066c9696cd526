DELETE FROM <prefix>jobs
WHERE id IN (<ids>)
