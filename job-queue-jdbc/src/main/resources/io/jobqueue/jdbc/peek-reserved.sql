-- The same on every database: <jobs-now> is the dialect's jobs-now.sql.
SELECT * FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline AND state = 'RESERVED'
ORDER BY id
LIMIT :limit
