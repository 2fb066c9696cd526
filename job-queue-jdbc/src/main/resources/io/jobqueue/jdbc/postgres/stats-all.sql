SELECT j.pipeline,
  count(*) FILTER (WHERE j.state = 'READY' AND j.priority < 1024) AS urgent,
  count(*) FILTER (WHERE j.state = 'READY') AS ready,
  count(*) FILTER (WHERE j.state = 'RESERVED') AS reserved,
  count(*) FILTER (WHERE j.state = 'DELAYED') AS delayed,
  count(*) FILTER (WHERE j.state = 'BURIED') AS buried,
  coalesce(greatest(0, ceil(extract(epoch FROM (max(p.paused_until) - now())) * 1000))::bigint, 0) AS pause_ms
FROM (<jobs-now>) AS j
LEFT JOIN <prefix>pipelines p ON p.name = j.pipeline
GROUP BY j.pipeline
