-- Every job of the pipeline that peek-delayed lists: added or released with a delay not over yet.
DELETE FROM <prefix>jobs
WHERE pipeline = :pipeline AND state = 'delayed' AND due_at > now()
