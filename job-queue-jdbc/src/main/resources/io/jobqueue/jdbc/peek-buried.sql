-- The same on every database: <jobs-now> is the dialect's jobs-now.sql. The longest buried first.
SELECT * FROM (<jobs-now>) AS j
WHERE pipeline = :pipeline AND state = 'BURIED'
ORDER BY due_at, id
LIMIT :limit
