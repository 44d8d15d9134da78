-- Issue 24: `sessions_nas_state (nas_id, state)` held every session of the history, as
-- PostgreSQL's did before its migration 0026. Each Start inserted into the middle of the
-- NAS's part of it and each Stop moved its entry from 'open' to 'closed' there, so both
-- touched and split more pages the longer a NAS's history grew. The only read by NAS and
-- state is Accounting-On/Off closing the open and stale sessions (its SQL writes the two
-- states out, so SQLite knows the partial index applies); a list of a NAS's sessions reads
-- `sessions_key`, whose first column is the NAS; the open count per NAS is the
-- `nas_open_sessions` table. A session now leaves the index when it closes.
DROP INDEX IF EXISTS sessions_nas_state;
CREATE INDEX sessions_open_nas ON sessions (nas_id) WHERE state IN ('open', 'stale');
