-- The claim of a tick: inserts nothing when the tick is claimed already.
INSERT INTO <prefix>schedule_ticks (schedule, tick, job_id, outcome, detail, recorded_at)
VALUES (:name, :tick, :job_id, :outcome, :detail, :recorded_at)
ON CONFLICT (schedule, tick) DO NOTHING
