DELETE FROM <prefix>history_settings WHERE pipeline = :pipeline
