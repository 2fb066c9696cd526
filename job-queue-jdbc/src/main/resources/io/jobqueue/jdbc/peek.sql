-- The same on every database: <jobs-now> is the dialect's jobs-now.sql.
SELECT * FROM (<jobs-now>) AS j
WHERE id = :id
