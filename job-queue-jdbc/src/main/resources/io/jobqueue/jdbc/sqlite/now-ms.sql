-- The database's clock in milliseconds since 1970-01-01 UTC, put where a statement says <now-ms>.
CAST(unixepoch('subsec') * 1000 AS INTEGER)
