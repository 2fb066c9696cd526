DELETE FROM <prefix>outbox WHERE id = :id
