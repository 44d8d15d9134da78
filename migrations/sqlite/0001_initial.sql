-- First cut of the schema: plans, users, NAS clients, the authentication log and a small
-- key/value table for counters such as the NAS registry version.
-- Times are epoch seconds; booleans are 0/1 integers so that sqlx's Any driver decodes them
-- the same way as on PostgreSQL.

CREATE TABLE plans (
    -- AUTOINCREMENT so an id is never reused for a different plan.
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL UNIQUE,
    description     TEXT    NOT NULL DEFAULT '',
    rate_up         TEXT    NULL,
    rate_down       TEXT    NULL,
    session_timeout INTEGER NULL,
    idle_timeout    INTEGER NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    username        TEXT    NOT NULL UNIQUE,
    plan            TEXT    NOT NULL REFERENCES plans (name) ON UPDATE CASCADE,
    password_hash   TEXT    NOT NULL,
    sealed_password BLOB    NULL,
    -- active | disabled (checked in Rust so that new states need no table rebuild)
    status          TEXT    NOT NULL DEFAULT 'active',
    expires_at      INTEGER NULL,
    full_name       TEXT    NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE INDEX users_plan ON users (plan);

CREATE TABLE nas (
    -- AUTOINCREMENT: the id is kept in logs and sessions, so a removed NAS's id must not be
    -- handed to a new one.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    address       TEXT    NOT NULL UNIQUE,
    sealed_secret BLOB    NOT NULL,
    vendor        TEXT    NOT NULL DEFAULT 'mikrotik',
    rw            TEXT    NULL,
    require_ma    TEXT    NOT NULL DEFAULT 'auto',
    ma_seen       INTEGER NOT NULL DEFAULT 0,
    coa_port      INTEGER NOT NULL DEFAULT 3799,
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE auth_log (
    id                 INTEGER PRIMARY KEY,
    at                 INTEGER NOT NULL,
    username           TEXT    NOT NULL,
    -- No foreign key: removing a NAS must neither fail nor erase its history.
    nas_id             INTEGER NULL,
    method             TEXT    NOT NULL,
    accepted           INTEGER NOT NULL,
    reason             TEXT    NOT NULL,
    calling_station_id TEXT    NULL
);

CREATE INDEX auth_log_at ON auth_log (at);
CREATE INDEX auth_log_username ON auth_log (username, at);

CREATE TABLE meta (
    key   TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);

INSERT INTO meta (key, value) VALUES ('nas_version', 0);
