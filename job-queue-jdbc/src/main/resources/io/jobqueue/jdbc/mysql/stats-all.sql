SELECT j.pipeline,
  coalesce(sum(j.state = 'READY' AND j.priority < 1024), 0) AS urgent,
  coalesce(sum(j.state = 'READY'), 0) AS ready,
  coalesce(sum(j.state = 'RESERVED'), 0) AS reserved,
  coalesce(sum(j.state = 'DELAYED'), 0) AS `delayed`,
  coalesce(sum(j.state = 'BURIED'), 0) AS buried,
  coalesce(greatest(0, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), max(p.paused_until)) DIV 1000), 0) AS pause_ms
FROM (<jobs-now>) AS j
LEFT JOIN <prefix>pipelines p ON p.name = j.pipeline
GROUP BY j.pipeline
