-- IGNORE only turns the duplicate key into "0 rows": every value is checked before it is bound.
INSERT IGNORE INTO <prefix>schedules (name, definition, paused, next_tick)
VALUES (:name, :definition, FALSE, :next_tick)
