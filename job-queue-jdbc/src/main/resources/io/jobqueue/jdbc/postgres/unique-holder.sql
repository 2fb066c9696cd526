-- After add-unique.sql inserted nothing: the job that holds the key (none when it lost the key in
-- the meantime, and then the add is tried again).
SELECT id FROM <prefix>jobs WHERE pipeline = :pipeline AND unique_key = :unique_key
