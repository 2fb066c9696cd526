-- Run once on each connection of the outbox relay: how long its statements wait for a lock the
-- caller's transactions hold before failing (the relay then tries again after its poll interval).
SET SESSION innodb_lock_wait_timeout = 10
