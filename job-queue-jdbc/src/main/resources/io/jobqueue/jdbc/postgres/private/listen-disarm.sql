-- Gives back the shared advisory locks listen-arm.sql took for these slots of a pipeline.
SELECT s FROM unnest(ARRAY[<slots>]) AS s
WHERE pg_advisory_unlock_shared(hashtext('<prefix>jobs'), (hashtext(:pipeline) & -8) | s)
