-- Issue 24: on a year-old database the two per-person indexes of the whole history were
-- written at a random place by accounting: `sessions_username (username, started_at)` by
-- every Start, and `usage_daily_user`'s key (username, day) by each person's first record
-- of a day and read at a random place by every Interim and Stop. Each such write dirtied a
-- page the writer's cache did not hold, so a Start cost more the longer the city had run.
-- Both are now keyed by the day first, as migration 0024 did for `session who`: a record
-- writes into today's part of them, which stays in cache whatever the history. A person's
-- sessions or usage are read by listing their days (store/user_days.rs): one seek per day
-- of the span asked for, bounded by the retention.
DROP INDEX IF EXISTS sessions_username;
CREATE INDEX sessions_day_username ON sessions ((started_at / 86400), username, started_at);

-- SQLite cannot change a primary key in place: the table is copied once.
CREATE TABLE usage_daily_user_by_day (
    username        TEXT    NOT NULL,
    day             TEXT    NOT NULL,
    user_id         INTEGER NULL,
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, username)
);
INSERT INTO usage_daily_user_by_day
    (username, day, user_id, input_octets, output_octets, session_seconds, sessions)
SELECT username, day, user_id, input_octets, output_octets, session_seconds, sessions
FROM usage_daily_user ORDER BY day, username;
-- Its index (day, username) of migration 0010 goes with it: the new key is that index.
DROP TABLE usage_daily_user;
ALTER TABLE usage_daily_user_by_day RENAME TO usage_daily_user;
