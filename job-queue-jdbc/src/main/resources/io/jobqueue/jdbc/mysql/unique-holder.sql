-- After add-unique.sql inserted nothing: the job that holds the key (none when it lost the key in
-- the meantime, and then the add is tried again). A locking read, so that it sees the row that
-- refused the insert even in a caller's REPEATABLE READ transaction (transactional enqueue).
SELECT id FROM <prefix>jobs WHERE pipeline = :pipeline AND unique_key = :unique_key
LOCK IN SHARE MODE
