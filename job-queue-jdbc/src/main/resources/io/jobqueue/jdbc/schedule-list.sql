SELECT name, definition, paused, next_tick FROM <prefix>schedules ORDER BY name
