-- The claim's first step: moves the next tick on only if no other scheduler did, and locks the
-- schedule's row until the claim commits.
UPDATE <prefix>schedules SET next_tick = :next_tick
WHERE name = :name AND next_tick = :expected AND paused = FALSE
