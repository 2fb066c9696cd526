SELECT name, definition, paused, next_tick FROM <prefix>schedules
WHERE paused = FALSE AND next_tick <= :until
ORDER BY next_tick
LIMIT :limit
