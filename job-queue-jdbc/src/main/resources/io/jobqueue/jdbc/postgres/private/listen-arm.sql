-- Tells writers that this process waits on a pipeline (see V2): takes the shared advisory lock of
-- each of the pipeline's 8 slots that it can get now, and returns those slots. A writer holding
-- one until its commit keeps that slot from being taken; listen-disarm.sql gives back the others
-- until the next try.
SELECT s FROM generate_series(0, 7) AS s
WHERE pg_try_advisory_lock_shared(hashtext('<prefix>jobs'), (hashtext(:pipeline) & -8) | s)
