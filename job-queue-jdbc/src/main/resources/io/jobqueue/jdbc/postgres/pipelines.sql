SELECT DISTINCT pipeline FROM <prefix>jobs
