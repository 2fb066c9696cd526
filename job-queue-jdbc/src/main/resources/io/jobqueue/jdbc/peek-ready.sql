-- The same on every database: <jobs-now> is the dialect's jobs-now.sql. In the order reserve takes them.
SELECT * FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline AND state = 'READY'
ORDER BY priority, id
LIMIT :limit
