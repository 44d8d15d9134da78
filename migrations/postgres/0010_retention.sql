-- Retention purges per-person daily usage by day in short slices (src/store/purge.rs); each
-- slice is a range of this index, so finding it costs the same whatever the table's size.
-- Without it every purge scanned the whole table in one long write. Written once per
-- user-day: updates of a day's counters change no indexed column, so they stay HOT.
-- (usage_daily_user_nas needs none: its primary key starts with day.)
CREATE INDEX IF NOT EXISTS usage_daily_user_day ON usage_daily_user (day, username);

-- The tables that retention deletes from: vacuum after 2% of their rows are dead instead
-- of the default 20%, so the space of each hourly purge is reused within the hour rather
-- than after weeks of purges, and the table stays at its retention size.
ALTER TABLE sessions SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE auth_log SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE usage_daily_user SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE usage_daily_user_nas SET (autovacuum_vacuum_scale_factor = 0.02);
