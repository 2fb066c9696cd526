INSERT INTO <prefix>schedules (name, definition, paused, next_tick)
VALUES (:name, :definition, FALSE, :next_tick)
ON CONFLICT (name) DO NOTHING
