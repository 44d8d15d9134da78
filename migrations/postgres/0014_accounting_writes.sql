-- Issue 24: an accounting record on a year-old database wrote a page of every per-user
-- index it touched (a random place in an index of the whole history). This index of
-- `usage_daily_user_nas` by (user_id, day) was one of them, and no statement reads by it:
-- reports read that table by day (its primary key), a user's usage is in `usage_daily_user`.
DROP INDEX IF EXISTS usage_daily_user_nas_user;

-- A page of one user's sessions, newest first (`session list --user`), is ordered by
-- (started_at, id): with the id in the index the page is read in order and stops at its
-- limit, instead of sorting the user's whole history (SQLite keeps the row id in every
-- index, so its index of the same name already does this).
DROP INDEX IF EXISTS sessions_username;
CREATE INDEX sessions_username ON sessions (username, started_at, id);
