-- Which migrations were applied, one row each; the same on every database.
CREATE TABLE IF NOT EXISTS <prefix>schema_version (
  version INT          NOT NULL PRIMARY KEY,
  name    VARCHAR(200) NOT NULL
)
