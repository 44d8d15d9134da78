-- Retention purges per-person daily usage by day in short slices (src/store/purge.rs); each
-- slice is a range of this index, so finding it costs the same whatever the table's size.
-- Without it every purge scanned the whole table in one long write. Written once per
-- user-day: the accounting writer's updates of a day's counters do not touch it.
-- (usage_daily_user_nas needs none: its primary key starts with day.)
CREATE INDEX IF NOT EXISTS usage_daily_user_day ON usage_daily_user (day, username);
