SELECT name, definition, paused, next_tick FROM <prefix>schedules WHERE name = :name
