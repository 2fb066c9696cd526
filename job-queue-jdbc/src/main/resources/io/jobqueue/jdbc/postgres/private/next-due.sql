-- Milliseconds until a delayed job, a reservation or a pause in these pipelines ends; NULL when
-- nothing is coming (greatest() would turn a NULL into 0, so the NULL is kept explicitly).
SELECT CASE WHEN due IS NULL THEN NULL ELSE greatest(0, ceil(extract(epoch FROM (due - now())) * 1000))::bigint END
  AS due_ms
FROM (SELECT least(
    (SELECT min(due_at) FROM <prefix>jobs WHERE pipeline IN (<pipelines>) AND state IN ('delayed', 'reserved')),
    (SELECT min(paused_until) FROM <prefix>pipelines WHERE name IN (<pipelines>) AND paused_until > now())) AS due) AS d
