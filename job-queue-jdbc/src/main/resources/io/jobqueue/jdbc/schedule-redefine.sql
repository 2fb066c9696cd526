-- A changed definition replaces the stored one and its next tick; the same one changes nothing.
UPDATE <prefix>schedules SET definition = :definition, next_tick = :next_tick
WHERE name = :name AND definition <> :definition
