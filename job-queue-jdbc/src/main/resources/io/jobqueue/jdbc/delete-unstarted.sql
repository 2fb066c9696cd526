-- A job nobody started (OverlapPolicy.REPLACE): only while it is ready or delayed.
DELETE FROM <prefix>jobs WHERE id = :id AND state IN ('ready', 'delayed')
