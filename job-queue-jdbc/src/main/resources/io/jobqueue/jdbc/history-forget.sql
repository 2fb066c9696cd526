-- A job's earlier end (buried, then kicked), which its new end replaces.
DELETE FROM <prefix>job_history WHERE id IN (<ids>)
