-- Every job is inserted, updated at least once and deleted, so this table collects dead rows
-- far faster than autovacuum's default trigger notices (a fifth of the table dead): reserves
-- then wade through them. Vacuum it once 1,000 rows are dead, without pausing between pages.
-- (Where autovacuum is off for the whole server, these settings do nothing: vacuum it yourself.)
ALTER TABLE <prefix>jobs SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_cost_delay = 0
);
