-- The database's clock in milliseconds since 1970-01-01 UTC, put where a statement says <now-ms>.
(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000)
