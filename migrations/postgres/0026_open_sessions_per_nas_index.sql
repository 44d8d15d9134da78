-- Issue 24 (PostgreSQL accounting): `sessions_nas_state (nas_id, state)` held every
-- session of the history, and on a table without statistics (a new database, before
-- autovacuum's first ANALYZE) the planner chose it for an accounting batch's lookup of
-- sessions by their key, then filtered the whole history of the NAS for each row. What
-- reads sessions by NAS and state asks only for the open and stale ones (Accounting-On/Off
-- closing them); a list of a NAS's sessions reads the unique key, whose first column is
-- the NAS. So the index now holds open and stale sessions only: it cannot serve a lookup
-- by key, and closing a session takes it out.
DROP INDEX IF EXISTS sessions_nas_state;
CREATE INDEX sessions_open_nas ON sessions (nas_id) WHERE state IN ('open', 'stale');
