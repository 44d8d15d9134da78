-- Policy: the full plan model (burst, allowed hours, quotas, simultaneous use, validity,
-- extra reply attributes, what to do when a quota runs out) and per-user overrides.
-- In both tables NULL means "not set here"; 0 or '' means "no limit", so a user override
-- can lift a plan's limit. Sizes are octets, durations seconds, times epoch seconds.

ALTER TABLE plans ADD COLUMN burst_rate_up TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_rate_down TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_threshold_up TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_threshold_down TEXT NULL;
ALTER TABLE plans ADD COLUMN burst_time BIGINT NULL;
ALTER TABLE plans ADD COLUMN priority BIGINT NULL;
ALTER TABLE plans ADD COLUMN allowed_hours TEXT NULL;
ALTER TABLE plans ADD COLUMN interim_interval BIGINT NULL;
ALTER TABLE plans ADD COLUMN daily_bytes BIGINT NULL;
ALTER TABLE plans ADD COLUMN monthly_bytes BIGINT NULL;
ALTER TABLE plans ADD COLUMN daily_seconds BIGINT NULL;
ALTER TABLE plans ADD COLUMN monthly_seconds BIGINT NULL;
ALTER TABLE plans ADD COLUMN max_sessions BIGINT NULL;
ALTER TABLE plans ADD COLUMN valid_until BIGINT NULL;
ALTER TABLE plans ADD COLUMN valid_days BIGINT NULL;
ALTER TABLE plans ADD COLUMN extra_attributes TEXT NULL;
ALTER TABLE plans ADD COLUMN quota_action TEXT NULL;

-- One row per user with at least one override, or whose validity has started.
CREATE TABLE user_limits (
    user_id              BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    rate_up              TEXT    NULL,
    rate_down            TEXT    NULL,
    burst_rate_up        TEXT    NULL,
    burst_rate_down      TEXT    NULL,
    burst_threshold_up   TEXT    NULL,
    burst_threshold_down TEXT    NULL,
    burst_time           BIGINT  NULL,
    priority             BIGINT  NULL,
    allowed_hours        TEXT    NULL,
    session_timeout      BIGINT  NULL,
    idle_timeout         BIGINT  NULL,
    interim_interval     BIGINT  NULL,
    daily_bytes          BIGINT  NULL,
    monthly_bytes        BIGINT  NULL,
    daily_seconds        BIGINT  NULL,
    monthly_seconds      BIGINT  NULL,
    max_sessions         BIGINT  NULL,
    valid_until          BIGINT  NULL,
    valid_days           BIGINT  NULL,
    extra_attributes     TEXT    NULL,
    quota_action         TEXT    NULL,
    -- Set by the first accepted login, for plans valid N days from first login.
    first_login_at       BIGINT  NULL,
    updated_at           BIGINT  NOT NULL
);
