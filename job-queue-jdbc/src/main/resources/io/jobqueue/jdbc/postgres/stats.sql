SELECT
  count(*) FILTER (WHERE state != 'buried' AND due_at <= now() AND priority < 1024) AS urgent,
  count(*) FILTER (WHERE state != 'buried' AND due_at <= now()) AS ready,
  count(*) FILTER (WHERE state = 'reserved' AND due_at > now()) AS reserved,
  count(*) FILTER (WHERE state = 'delayed' AND due_at > now()) AS delayed,
  count(*) FILTER (WHERE state = 'buried') AS buried,
  coalesce((SELECT greatest(0, ceil(extract(epoch FROM (paused_until - now())) * 1000))::bigint
            FROM <prefix>pipelines WHERE name = :pipeline), 0) AS pause_ms
FROM <prefix>jobs
WHERE pipeline = :pipeline
