DELETE FROM <prefix>schedule_ticks WHERE schedule = :name
