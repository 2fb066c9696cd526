-- NOTIFY makes every committing transaction that sent one wait for a database-wide lock, held
-- through the commit's fsync, so notifying at every insert halved the rate of concurrent inserts
-- (pgbench, 4 clients: about 7,300 inserts/s without the trigger, 2,800-3,400 with it). Now a job
-- only notifies while some reserve waits on its pipeline.
--
-- A process with waiting reserves holds, on its LISTEN connection, shared advisory locks on
-- (hashtext('<prefix>jobs'), slot) for the 8 slots of each pipeline waited on (listen-arm.sql).
-- A writer try-locks its own slot of the pipeline exclusively until it commits: the lock is free
-- when nobody waits, and the writer does not notify. Writers on other connections mostly use
-- other slots (the slot is the backend's pid modulo 8), so they do not get in each other's way.
-- A process that starts waiting takes its locks, then looks again for jobs: a writer that did
-- not notify has committed by then (the shared lock waited for it) or notifies (the lock is held).
--
-- The test is the triggers' WHEN condition, an inlined SQL function evaluated per row without
-- calling PL/pgSQL: a row nobody waits for costs one advisory try-lock.
CREATE OR REPLACE FUNCTION <prefix>waited_on(pipeline TEXT) RETURNS BOOLEAN LANGUAGE sql AS $$
  SELECT NOT pg_try_advisory_xact_lock(hashtext('<prefix>jobs'), (hashtext(pipeline) & -8) | (pg_backend_pid() & 7))
$$;

DROP TRIGGER IF EXISTS <prefix>jobs_added ON <prefix>jobs;

CREATE TRIGGER <prefix>jobs_added AFTER INSERT ON <prefix>jobs
  FOR EACH ROW WHEN (<prefix>waited_on(NEW.pipeline)) EXECUTE FUNCTION <prefix>notify();

DROP TRIGGER IF EXISTS <prefix>jobs_returned ON <prefix>jobs;

CREATE TRIGGER <prefix>jobs_returned AFTER UPDATE OF state ON <prefix>jobs
  FOR EACH ROW WHEN (NEW.state IN ('ready', 'delayed') AND <prefix>waited_on(NEW.pipeline))
  EXECUTE FUNCTION <prefix>notify();
