-- Deletes the rows of workers whose heartbeat is older than :prune_after intervals.
DELETE FROM <prefix>workers WHERE heartbeat_at < <now-ms> - heartbeat_ms * :prune_after
