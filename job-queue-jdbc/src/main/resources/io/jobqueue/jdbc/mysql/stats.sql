SELECT
  coalesce(sum(state != 'buried' AND due_at <= UTC_TIMESTAMP(6) AND priority < 1024), 0) AS urgent,
  coalesce(sum(state != 'buried' AND due_at <= UTC_TIMESTAMP(6)), 0) AS ready,
  coalesce(sum(state = 'reserved' AND due_at > UTC_TIMESTAMP(6)), 0) AS reserved,
  coalesce(sum(state = 'delayed' AND due_at > UTC_TIMESTAMP(6)), 0) AS `delayed`,
  coalesce(sum(state = 'buried'), 0) AS buried,
  coalesce((SELECT greatest(0, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), paused_until) DIV 1000)
            FROM <prefix>pipelines WHERE name = :pipeline), 0) AS pause_ms
FROM <prefix>jobs
WHERE pipeline = :pipeline
