-- Every buried job of the pipeline.
DELETE FROM <prefix>jobs
WHERE pipeline = :pipeline AND state = 'buried'
