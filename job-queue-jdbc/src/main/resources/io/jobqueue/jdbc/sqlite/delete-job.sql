-- An operator's delete by id: a ready, delayed or buried job, or one whose reservation ran out
-- (ready again). A job held reserved is not deleted; 0 rows then, and the caller looks why.
DELETE FROM <prefix>jobs
WHERE id = :id AND (state != 'reserved' OR due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER))
