-- Reports: the finer rollups that usage and hotspot-health reports read, so that no report
-- scans raw sessions (which a retention setting may purge) or the authentication log.
-- All are fed in the same transaction as the records they summarise. Days are
-- 'YYYY-MM-DD' and hours 0-23 in the configured time zone; times are epoch seconds.

-- Per user per NAS per day: who used which hotspot on which day. The source of distinct
-- user counts (through `usage_distinct`) and of per-user report rows.
CREATE TABLE usage_daily_user_nas (
    day             TEXT    NOT NULL,
    nas_id          INTEGER NOT NULL,
    -- As the NAS sent it; `user forget` replaces it with '#<user_id>' and keeps user_id, so
    -- the person is gone and every count stays.
    username        TEXT    NOT NULL,
    user_id         INTEGER NULL,
    -- The user's plan when the row was created ('' for an unknown username).
    plan            TEXT    NOT NULL DEFAULT '',
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, nas_id, username)
);

CREATE INDEX usage_daily_user_nas_user ON usage_daily_user_nas (user_id, day);

-- Per NAS per plan per day: the sums behind every area and plan figure.
CREATE TABLE usage_daily_nas_plan (
    day             TEXT    NOT NULL,
    nas_id          INTEGER NOT NULL,
    plan            TEXT    NOT NULL,
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, nas_id, plan)
);

-- The same per closed month, built with that month's distinct-user sets (and invalidated
-- with them): a year per NAS is then 12 rows instead of 365.
CREATE TABLE usage_monthly_nas_plan (
    month           TEXT    NOT NULL,
    nas_id          INTEGER NOT NULL,
    plan            TEXT    NOT NULL,
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, nas_id, plan)
);

-- Per NAS per plan per hour of the day.
CREATE TABLE usage_hourly_nas_plan (
    day             TEXT    NOT NULL,
    hour            INTEGER NOT NULL,
    nas_id          INTEGER NOT NULL,
    plan            TEXT    NOT NULL,
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, hour, nas_id, plan)
);

-- Highest number of open sessions per NAS per hour, taken whenever a session opens (the
-- count can only reach a new high then).
CREATE TABLE concurrency_hourly_nas (
    day           TEXT    NOT NULL,
    hour          INTEGER NOT NULL,
    nas_id        INTEGER NOT NULL,
    peak_sessions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, hour, nas_id)
);

-- Highest number of open sessions per NAS per day (the daily maximum of the above).
ALTER TABLE usage_daily_nas ADD COLUMN peak_sessions INTEGER NOT NULL DEFAULT 0;

-- Distinct users per NAS per plan per closed day ('YYYY-MM-DD') or month ('YYYY-MM'):
-- a serialized roaring bitmap of user ids, built from usage_daily_user_nas once the period
-- is over, so a year of unique users per RW is a union of a few thousand small sets.
CREATE TABLE usage_distinct (
    period  TEXT    NOT NULL,
    nas_id  INTEGER NOT NULL,
    plan    TEXT    NOT NULL,
    users   INTEGER NOT NULL,
    members BLOB    NOT NULL,
    PRIMARY KEY (period, nas_id, plan)
);

-- Periods whose `usage_distinct` sets are complete. The accounting writer deletes the
-- marker of any period it adds usage to (a late record), so the sets are rebuilt.
CREATE TABLE usage_distinct_done (
    period   TEXT    PRIMARY KEY,
    built_at INTEGER NOT NULL
);

-- Authentication outcomes per NAS per day (the auth log itself has bounded retention).
CREATE TABLE auth_daily_nas (
    day                TEXT    NOT NULL,
    nas_id             INTEGER NOT NULL,
    accepts            INTEGER NOT NULL DEFAULT 0,
    rejects            INTEGER NOT NULL DEFAULT 0,
    -- Requests from this NAS's address whose authenticator or Message-Authenticator did
    -- not verify: almost always a wrong shared secret on the router.
    bad_authenticators INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, nas_id)
);

-- What the hotspot-health report needs to know about each NAS's latest contact.
CREATE TABLE nas_health (
    nas_id          INTEGER PRIMARY KEY,
    -- Server clock.
    last_acct_at    INTEGER NULL,
    last_login_at   INTEGER NULL,
    last_request_at INTEGER NULL,
    -- Event-Timestamp minus arrival time (seconds) of the latest accounting record that
    -- carried one; NULL when none did.
    clock_skew      INTEGER NULL,
    -- The NAS-Identifier it last sent; RouterOS's factory value is 'MikroTik'.
    nas_identifier  TEXT    NULL
);
