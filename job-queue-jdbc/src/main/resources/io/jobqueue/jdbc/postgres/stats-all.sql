SELECT j.pipeline,
  count(*) FILTER (WHERE j.state != 'buried' AND j.due_at <= now() AND j.priority < 1024) AS urgent,
  count(*) FILTER (WHERE j.state != 'buried' AND j.due_at <= now()) AS ready,
  count(*) FILTER (WHERE j.state = 'reserved' AND j.due_at > now()) AS reserved,
  count(*) FILTER (WHERE j.state = 'delayed' AND j.due_at > now()) AS delayed,
  count(*) FILTER (WHERE j.state = 'buried') AS buried,
  coalesce(greatest(0, ceil(extract(epoch FROM (max(p.paused_until) - now())) * 1000))::bigint, 0) AS pause_ms
FROM <prefix>jobs j
LEFT JOIN <prefix>pipelines p ON p.name = j.pipeline
GROUP BY j.pipeline
