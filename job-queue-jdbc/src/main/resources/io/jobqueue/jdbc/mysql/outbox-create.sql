-- The outbox of JdbcOutbox: jobs written in the caller's transaction, waiting for the relay to put
-- them into beanstalkd (or any JobQueue). A row exists only once its transaction committed; the
-- relay deletes it after the put. ids are never reused (InnoDB keeps the counter across restarts
-- since MariaDB 10.2.4 and MySQL 8.0), so a handler can tell a re-put by the id.
CREATE TABLE IF NOT EXISTS <prefix>outbox (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pipeline    VARCHAR(200) NOT NULL,
  payload     LONGBLOB     NOT NULL,
  priority    BIGINT       NOT NULL,
  delay_ms    BIGINT       NOT NULL,
  ttr_ms      BIGINT       NOT NULL,
  created_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE = InnoDB
