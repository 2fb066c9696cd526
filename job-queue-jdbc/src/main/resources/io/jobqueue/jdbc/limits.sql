-- Every pipeline's limits (a small table: one row per limited pipeline).
SELECT pipeline, max_reserved, rate_count, rate_interval_ms FROM <prefix>pipeline_limits
