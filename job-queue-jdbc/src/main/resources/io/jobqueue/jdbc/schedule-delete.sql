DELETE FROM <prefix>schedules WHERE name = :name
