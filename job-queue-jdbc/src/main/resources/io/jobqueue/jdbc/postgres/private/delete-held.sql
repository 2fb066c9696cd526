-- Committed asynchronously by default (<acknowledgement-commit> is 'off': synchronous_commit off
-- for this transaction only): a database crash can lose the last few of these, and then the job
-- runs again; it is never lost. Jobs are added with synchronous commits. With
-- durableAcknowledgements it is the session's own synchronous_commit, on by default.
-- Two arrays instead of a list of (id, lease) pairs: one statement text for every group size,
-- so the driver prepares it once, and PostgreSQL plans 500 pairs in a fraction of the time.
DELETE FROM <prefix>jobs AS j
USING unnest(:ids::bigint[], :leases::bigint[]) AS held(id, lease),
  (SELECT set_config('synchronous_commit', <acknowledgement-commit>, true)) AS async
-- A job is reserved exactly while its lease is not 0 (reserve sets one, release and bury set 0).
-- That, not state = 'reserved', so that no partial index matches: with state the planner read
-- every held job through jobs_held whenever its statistics were taken while few were held, as
-- they often are in a queue (at 16 worker processes, ~150 index entries read per job).
WHERE j.id = held.id AND j.lease = held.lease AND j.lease != 0 AND j.due_at > now()
RETURNING j.id
