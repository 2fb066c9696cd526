-- A reserve held back by a pipeline's limits (V8) waits until one of the pipeline's reserved jobs
-- is deleted or buried: in its own process it is woken directly (JdbcJobQueue), in another one by
-- this NOTIFY. As in V2, only while some process waits on the pipeline (waited_on, a try-lock of
-- the writer's slot), and then only for a pipeline with limits: a delete in an unlimited pipeline
-- makes no job ready, so it wakes nobody. waited_on comes first: while nobody waits, as when
-- workers drain a full pipeline, a delete costs one advisory try-lock and no lookup of the limits.
CREATE OR REPLACE FUNCTION <prefix>limited(name TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM <prefix>pipeline_limits AS l WHERE l.pipeline = name)
$$;

DROP TRIGGER IF EXISTS <prefix>jobs_freed ON <prefix>jobs;

CREATE TRIGGER <prefix>jobs_freed AFTER DELETE ON <prefix>jobs
  FOR EACH ROW WHEN (OLD.state = 'reserved'
                     AND CASE WHEN <prefix>waited_on(OLD.pipeline) THEN <prefix>limited(OLD.pipeline)
                              ELSE FALSE END)
  EXECUTE FUNCTION <prefix>notify();

DROP TRIGGER IF EXISTS <prefix>jobs_buried ON <prefix>jobs;

CREATE TRIGGER <prefix>jobs_buried AFTER UPDATE OF state ON <prefix>jobs
  FOR EACH ROW WHEN (OLD.state = 'reserved' AND NEW.state = 'buried'
                     AND CASE WHEN <prefix>waited_on(NEW.pipeline) THEN <prefix>limited(NEW.pipeline)
                              ELSE FALSE END)
  EXECUTE FUNCTION <prefix>notify();
