-- Issue 24: an accounting record on a year-old database wrote a page of every per-user
-- index it touched (a random place in an index of the whole history). This index of
-- `usage_daily_user_nas` by (user_id, day) was one of them, and no statement reads by it:
-- reports read that table by day (its primary key), a user's usage is in `usage_daily_user`.
DROP INDEX IF EXISTS usage_daily_user_nas_user;
