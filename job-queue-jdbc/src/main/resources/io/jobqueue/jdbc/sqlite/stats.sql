SELECT
  coalesce(sum(state != 'buried' AND due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER) AND priority < 1024), 0) AS urgent,
  coalesce(sum(state != 'buried' AND due_at <= CAST(unixepoch('subsec') * 1000 AS INTEGER)), 0) AS ready,
  coalesce(sum(state = 'reserved' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)), 0) AS reserved,
  coalesce(sum(state = 'delayed' AND due_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)), 0) AS delayed,
  coalesce(sum(state = 'buried'), 0) AS buried,
  coalesce((SELECT max(0, paused_until - CAST(unixepoch('subsec') * 1000 AS INTEGER)) FROM <prefix>pipelines WHERE name = :pipeline), 0) AS pause_ms
FROM <prefix>jobs
WHERE pipeline = :pipeline
