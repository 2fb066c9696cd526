DELETE FROM <prefix>jobs
WHERE id = :id AND lease = :lease AND state = 'reserved' AND due_at > now()
