-- Every job of the pipeline that peek-ready lists: due now and not buried (a reservation that ran
-- out is ready again).
DELETE FROM <prefix>jobs
WHERE pipeline = :pipeline AND state != 'buried' AND due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)
