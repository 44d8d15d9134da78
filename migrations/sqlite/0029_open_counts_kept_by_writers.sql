-- Issue 24: the triggers of migration 0018 kept `nas_open_sessions` exact, but a trigger
-- (as a RETURNING clause does) makes SQLite give the statement its own journal: every
-- page the statement changes is first copied, so that the statement alone can be undone
-- if the trigger fails. Every session the accounting writer inserted or updated paid for
-- that copy, 7.6% of the server's CPU during Starts. On SQLite the statements that
-- change a session's state now keep the count themselves (docs/architecture.md, "Peak
-- concurrency"): the accounting batch adds what it opened and closed per NAS, and
-- Accounting-On/Off and the reaper count their NAS again over `sessions_open_nas`, which
-- holds open and stale sessions only. PostgreSQL keeps its statement-level triggers,
-- which cost no such copy.
DROP TRIGGER IF EXISTS sessions_open_insert;
DROP TRIGGER IF EXISTS sessions_open_leave;
DROP TRIGGER IF EXISTS sessions_open_enter;
DROP TRIGGER IF EXISTS sessions_open_delete;
DELETE FROM nas_open_sessions;
INSERT INTO nas_open_sessions (nas_id, open_sessions)
SELECT nas_id, COUNT(*) FROM sessions WHERE state IN ('open', 'stale') AND state = 'open'
GROUP BY nas_id;
