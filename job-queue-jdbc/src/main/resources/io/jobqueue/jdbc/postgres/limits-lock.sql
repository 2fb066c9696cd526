-- First statement of a limited reserve's transaction: locks the pipeline's limits row until the
-- commit, so reserves of that pipeline in every process take turns; no row, no limits.
SELECT max_reserved, rate_count, rate_interval_ms FROM <prefix>pipeline_limits
WHERE pipeline = :pipeline FOR UPDATE
