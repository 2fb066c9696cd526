UPDATE <prefix>schedules SET paused = :paused WHERE name = :name
