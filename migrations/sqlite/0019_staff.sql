-- Issue 18, part 1: the people who log in to the web console (not API tokens). Roles and
-- areas are the API's (admin | operator | auditor; an operator is limited to one area).
-- The password is an argon2id PHC string; the TOTP secret is sealed with the database's
-- key like every other reversible secret (`key rotate` re-seals it).
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL UNIQUE,
    role           TEXT    NOT NULL,
    area           TEXT    NULL,
    password_hash  TEXT    NOT NULL,
    -- NULL: no second factor.
    totp_sealed    BLOB    NULL,
    -- The newest 30-second TOTP step accepted, so a code cannot be used twice.
    totp_last_step INTEGER NULL,
    -- Consecutive failed logins; from the tenth on, every login waits until locked_until.
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER NULL,
    last_login_at  INTEGER NULL,
    last_login_ip  TEXT    NULL,
    disabled_at    INTEGER NULL,
    created_at     INTEGER NOT NULL,
    created_by     TEXT    NOT NULL,
    updated_at     INTEGER NOT NULL
);
