-- The pipelines that keep history, among those named.
SELECT pipeline, max_age_ms, max_count FROM <prefix>history_settings WHERE pipeline IN (<pipelines>)
