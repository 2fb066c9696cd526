DELETE FROM <prefix>jobs
WHERE (id, lease) IN (<jobs>) AND state = 'reserved' AND due_at > now()
RETURNING id
