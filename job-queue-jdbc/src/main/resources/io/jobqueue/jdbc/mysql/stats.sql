SELECT
  coalesce(sum(state = 'READY' AND priority < 1024), 0) AS urgent,
  coalesce(sum(state = 'READY'), 0) AS ready,
  coalesce(sum(state = 'RESERVED'), 0) AS reserved,
  coalesce(sum(state = 'DELAYED'), 0) AS `delayed`,
  coalesce(sum(state = 'BURIED'), 0) AS buried,
  coalesce((SELECT greatest(0, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), paused_until) DIV 1000)
            FROM <prefix>pipelines WHERE name = :pipeline), 0) AS pause_ms
FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline
