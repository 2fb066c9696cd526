SELECT greatest(0, ceil(extract(epoch FROM (least(
    (SELECT min(due_at) FROM <prefix>jobs WHERE pipeline IN (<pipelines>) AND state IN ('delayed', 'reserved')),
    (SELECT min(paused_until) FROM <prefix>pipelines WHERE name IN (<pipelines>) AND paused_until > now()))
  - now())) * 1000))::bigint AS due_ms
