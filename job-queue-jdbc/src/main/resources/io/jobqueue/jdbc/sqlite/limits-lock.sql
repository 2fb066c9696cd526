-- First statement of a limited reserve's transaction; BEGIN IMMEDIATE already made it the only
-- writer, so reserves of the pipeline take turns; no row, no limits.
SELECT max_reserved, rate_count, rate_interval_ms FROM <prefix>pipeline_limits
WHERE pipeline = :pipeline
