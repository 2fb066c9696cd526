-- An operator's delete by id in any state. A holder's later delete, release, bury or touch finds
-- no row with its lease, so it fails as after a timeout.
DELETE FROM <prefix>jobs
WHERE id = :id
