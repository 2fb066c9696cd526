-- Before add-unique.sql: the job whose window for this key has passed no longer holds it.
UPDATE <prefix>jobs SET unique_key = NULL
WHERE pipeline = :pipeline AND unique_key = :unique_key AND unique_until <= now()
