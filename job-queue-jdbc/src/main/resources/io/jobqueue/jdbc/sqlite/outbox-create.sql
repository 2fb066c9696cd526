-- The outbox of JdbcOutbox: jobs written in the caller's transaction, waiting for the relay to put
-- them into beanstalkd (or any JobQueue). A row exists only once its transaction committed; the
-- relay deletes it after the put. AUTOINCREMENT: ids are never reused, even after the newest row
-- is deleted, so a handler can tell a re-put by the id.
CREATE TABLE IF NOT EXISTS <prefix>outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  pipeline    TEXT    NOT NULL,
  payload     BLOB    NOT NULL,
  priority    INTEGER NOT NULL,
  delay_ms    INTEGER NOT NULL,
  ttr_ms      INTEGER NOT NULL,
  created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
