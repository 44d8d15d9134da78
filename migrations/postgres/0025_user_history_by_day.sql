-- Issue 24: on a year-old database the two per-person indexes of the whole history were
-- written at a random place by accounting: `sessions_username (username, started_at, id)`
-- by every Start, and `usage_daily_user`'s key (username, day) by each person's first
-- record of a day and read at a random place by every Interim and Stop. Both are now keyed
-- by the day first, as migration 0024 did for `session who`: a record writes into today's
-- part of them, which stays in shared buffers whatever the history. A person's sessions or
-- usage are read by listing their days (store/user_days.rs): one seek per day of the span
-- asked for, bounded by the retention.
DROP INDEX IF EXISTS sessions_username;
CREATE INDEX sessions_day_username
    ON sessions ((started_at / 86400), username, started_at, id);

ALTER TABLE usage_daily_user DROP CONSTRAINT usage_daily_user_pkey;
ALTER TABLE usage_daily_user ADD CONSTRAINT usage_daily_user_pkey PRIMARY KEY (day, username);
-- The index (day, username) of migration 0010 is now the key itself.
DROP INDEX IF EXISTS usage_daily_user_day;
