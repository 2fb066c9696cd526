-- The same on every database: <jobs-now> is the dialect's jobs-now.sql. In the order reserve takes
-- them. A READY job is never buried: saying so lets the reserve index, which leaves buried jobs out,
-- find the pipeline's jobs instead of a read of the whole table.
SELECT * FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline AND state = 'READY' AND stored_state != 'buried'
ORDER BY priority, id
LIMIT :limit
