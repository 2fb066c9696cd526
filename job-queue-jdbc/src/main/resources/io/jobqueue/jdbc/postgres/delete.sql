-- Committed asynchronously by default (<acknowledgement-commit> is 'off': synchronous_commit off
-- for this transaction only): a database crash can lose the last few of these, and then the job
-- runs again; it is never lost. Jobs are added with synchronous commits. With
-- durableAcknowledgements it is the session's own synchronous_commit, on by default.
DELETE FROM <prefix>jobs
USING (SELECT set_config('synchronous_commit', <acknowledgement-commit>, true)) AS async
-- lease != 0 means reserved; why not state = 'reserved': private/delete-held.sql
WHERE id = :id AND lease = :lease AND lease != 0 AND due_at > now()
