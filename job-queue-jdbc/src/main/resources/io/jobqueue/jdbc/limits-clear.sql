-- Removes a pipeline's limits; its reservation starts age out of limit_starts.
DELETE FROM <prefix>pipeline_limits WHERE pipeline = :pipeline
