-- The database's clock in milliseconds since 1970-01-01 UTC, put where a statement says <now-ms>.
(extract(epoch FROM clock_timestamp()) * 1000)::bigint
