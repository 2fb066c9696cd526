INSERT INTO <prefix>outbox (pipeline, payload, priority, delay_ms, ttr_ms)
VALUES (:pipeline, :payload, :priority, :delay_ms, :ttr_ms)
