-- Policy: the full plan model (burst, allowed hours, quotas, simultaneous use, validity,
-- extra reply attributes, what to do when a quota runs out) and per-user overrides.
-- In both tables NULL means "not set here"; 0 or '' means "no limit", so a user override
-- can lift a plan's limit. Sizes are octets, durations seconds, times epoch seconds.

ALTER TABLE plans ADD COLUMN burst_rate_up TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_rate_down TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_threshold_up TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_threshold_down TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_time INTEGER NULL;
ALTER TABLE plans ADD COLUMN priority INTEGER NULL;
ALTER TABLE plans ADD COLUMN allowed_hours TEXT NULL;
ALTER TABLE plans ADD COLUMN interim_interval INTEGER NULL;
ALTER TABLE plans ADD COLUMN daily_bytes INTEGER NULL;
ALTER TABLE plans ADD COLUMN monthly_bytes INTEGER NULL;
ALTER TABLE plans ADD COLUMN daily_seconds INTEGER NULL;
ALTER TABLE plans ADD COLUMN monthly_seconds INTEGER NULL;
ALTER TABLE plans ADD COLUMN max_sessions INTEGER NULL;
ALTER TABLE plans ADD COLUMN valid_until INTEGER NULL;
ALTER TABLE plans ADD COLUMN valid_days INTEGER NULL;
ALTER TABLE plans ADD COLUMN extra_attributes TEXT NULL;
ALTER TABLE plans ADD COLUMN quota_action TEXT NULL;

-- One row per user with at least one override, or whose validity has started.
CREATE TABLE user_limits (
    user_id              INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    rate_up              TEXT    NULL,
    rate_down            TEXT    NULL,
    burst_rate_up        TEXT    NULL,
    burst_rate_down      TEXT    NULL,
    burst_threshold_up   TEXT    NULL,
    burst_threshold_down TEXT    NULL,
    burst_time           INTEGER NULL,
    priority             INTEGER NULL,
    allowed_hours        TEXT    NULL,
    session_timeout      INTEGER NULL,
    idle_timeout         INTEGER NULL,
    interim_interval     INTEGER NULL,
    daily_bytes          INTEGER NULL,
    monthly_bytes        INTEGER NULL,
    daily_seconds        INTEGER NULL,
    monthly_seconds      INTEGER NULL,
    max_sessions         INTEGER NULL,
    valid_until          INTEGER NULL,
    valid_days           INTEGER NULL,
    extra_attributes     TEXT    NULL,
    quota_action         TEXT    NULL,
    -- Set by the first accepted login, for plans valid N days from first login.
    first_login_at       INTEGER NULL,
    updated_at           INTEGER NOT NULL
);
