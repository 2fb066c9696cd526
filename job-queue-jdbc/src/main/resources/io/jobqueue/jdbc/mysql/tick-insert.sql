-- The claim of a tick: inserts nothing when the tick is claimed already. IGNORE only turns the
-- duplicate key into "0 rows": every value is checked before it is bound.
INSERT IGNORE INTO <prefix>schedule_ticks (schedule, tick, job_id, outcome, detail, recorded_at)
VALUES (:name, :tick, :job_id, :outcome, :detail, :recorded_at)
