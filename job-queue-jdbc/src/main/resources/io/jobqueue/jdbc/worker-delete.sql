DELETE FROM <prefix>workers WHERE id = :id
