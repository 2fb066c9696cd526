-- Committed asynchronously by default (<acknowledgement-commit> is 'off': synchronous_commit off
-- for this transaction only): a database crash can lose the last few of these, and then the job
-- runs again; it is never lost. Jobs are added with synchronous commits. With
-- durableAcknowledgements it is the session's own synchronous_commit, on by default.
UPDATE <prefix>jobs
SET state = CASE WHEN :delay_ms > 0 THEN 'delayed' ELSE 'ready' END,
    priority = :priority,
    due_at = now() + :delay_ms * interval '1 millisecond',
    releases = releases + 1,
    lease = 0
FROM (SELECT set_config('synchronous_commit', <acknowledgement-commit>, true)) AS async
-- lease != 0 means reserved; why not state = 'reserved': private/delete-held.sql
WHERE id = :id AND lease = :lease AND lease != 0 AND due_at > now()
