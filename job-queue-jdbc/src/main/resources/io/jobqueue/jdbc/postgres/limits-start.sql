-- Records :count reservations started now in a rate-limited pipeline.
INSERT INTO <prefix>limit_starts (pipeline, started_ms)
SELECT :pipeline, (extract(epoch FROM clock_timestamp()) * 1000)::bigint FROM generate_series(1, :count)
