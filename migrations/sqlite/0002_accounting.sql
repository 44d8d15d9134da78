-- Accounting: one row per session and daily usage rollups per user and per NAS.
-- Counters on a session row are high-water marks of what the NAS reported; usage rows are
-- sums of the positive differences, so a repeated or lower report adds nothing.
-- Times are epoch seconds; days are 'YYYY-MM-DD' in the configured time zone.

CREATE TABLE sessions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    -- No foreign keys: removing a NAS or a user must neither fail nor erase audit history.
    nas_id             INTEGER NOT NULL,
    acct_session_id    TEXT    NOT NULL,
    -- As the NAS sent it; kept even when no such user exists (the NAS let them on).
    username           TEXT    NOT NULL,
    user_id            INTEGER NULL,
    framed_ip          TEXT    NULL,
    calling_station_id TEXT    NULL,
    called_station_id  TEXT    NULL,
    nas_port_id        TEXT    NULL,
    class              BLOB    NULL,
    -- NAS clock (Event-Timestamp, or arrival minus Acct-Delay-Time).
    started_at         INTEGER NOT NULL,
    last_update_at     INTEGER NOT NULL,
    stopped_at         INTEGER NULL,
    -- Server clock of the last record, for the stale-session reaper (NAS clocks drift).
    seen_at            INTEGER NOT NULL,
    session_time       INTEGER NOT NULL DEFAULT 0,
    input_octets       INTEGER NOT NULL DEFAULT 0,
    output_octets      INTEGER NOT NULL DEFAULT 0,
    input_packets      INTEGER NOT NULL DEFAULT 0,
    output_packets     INTEGER NOT NULL DEFAULT 0,
    terminate_cause    TEXT    NULL,
    -- open | closed | stale
    state              TEXT    NOT NULL DEFAULT 'open',
    -- stop | nas-reboot | nas-off | stale (why it is no longer open)
    close_reason       TEXT    NULL,
    -- The Acct-Interim-Interval in force when the session began (for the reaper).
    interim_interval   INTEGER NOT NULL,
    CONSTRAINT sessions_key UNIQUE (nas_id, acct_session_id, username)
);

CREATE INDEX sessions_state_seen ON sessions (state, seen_at);
CREATE INDEX sessions_nas_state ON sessions (nas_id, state);
CREATE INDEX sessions_username ON sessions (username, started_at);

CREATE TABLE usage_daily_user (
    username        TEXT    NOT NULL,
    day             TEXT    NOT NULL,
    user_id         INTEGER NULL,
    -- input = from the user (upload), output = to the user (download), as the NAS counts.
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (username, day)
);

CREATE TABLE usage_daily_nas (
    nas_id          INTEGER NOT NULL,
    day             TEXT    NOT NULL,
    input_octets    INTEGER NOT NULL DEFAULT 0,
    output_octets   INTEGER NOT NULL DEFAULT 0,
    session_seconds INTEGER NOT NULL DEFAULT 0,
    sessions        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (nas_id, day)
);

CREATE INDEX usage_daily_nas_day ON usage_daily_nas (day);
