SELECT
  count(*) FILTER (WHERE state = 'READY' AND priority < 1024) AS urgent,
  count(*) FILTER (WHERE state = 'READY') AS ready,
  count(*) FILTER (WHERE state = 'RESERVED') AS reserved,
  count(*) FILTER (WHERE state = 'DELAYED') AS delayed,
  count(*) FILTER (WHERE state = 'BURIED') AS buried,
  coalesce((SELECT greatest(0, ceil(extract(epoch FROM (paused_until - now())) * 1000))::bigint
            FROM <prefix>pipelines WHERE name = :pipeline), 0) AS pause_ms
FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline
