-- The oldest committed rows, in id order: the relay puts them in this order.
SELECT id, pipeline, payload, priority, delay_ms, ttr_ms FROM <prefix>outbox ORDER BY id LIMIT :limit
