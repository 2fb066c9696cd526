-- The same on every database: <jobs-now> is the dialect's jobs-now.sql. The first to become ready first.
SELECT * FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline AND state = 'DELAYED'
ORDER BY due_at, id
LIMIT :limit
