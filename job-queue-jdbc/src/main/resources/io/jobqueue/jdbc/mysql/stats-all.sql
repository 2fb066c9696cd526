SELECT j.pipeline,
  coalesce(sum(j.state != 'buried' AND j.due_at <= UTC_TIMESTAMP(6) AND j.priority < 1024), 0) AS urgent,
  coalesce(sum(j.state != 'buried' AND j.due_at <= UTC_TIMESTAMP(6)), 0) AS ready,
  coalesce(sum(j.state = 'reserved' AND j.due_at > UTC_TIMESTAMP(6)), 0) AS reserved,
  coalesce(sum(j.state = 'delayed' AND j.due_at > UTC_TIMESTAMP(6)), 0) AS `delayed`,
  coalesce(sum(j.state = 'buried'), 0) AS buried,
  coalesce(greatest(0, TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(6), max(p.paused_until)) DIV 1000), 0) AS pause_ms
FROM <prefix>jobs j
LEFT JOIN <prefix>pipelines p ON p.name = j.pipeline
GROUP BY j.pipeline
