-- Every login writes an auth_log row. An index on (username, at) puts each row into a
-- different index page (usernames arrive in no order), so on SQLite every login dirtied a
-- 4 KiB page of the write-ahead log: 12% of a CHAP login's server CPU, measured. Lookups by
-- user walk the time index from the newest row instead; they are rare and admin-only, and
-- retention bounds the table.
DROP INDEX IF EXISTS auth_log_username;

-- Logins keep users in memory (src/store/directory.rs) and read this one number first;
-- any change to what a login reads of a user bumps it in the same transaction.
CREATE TABLE directory_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);
CREATE TRIGGER directory_users_insert AFTER INSERT ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_users_update AFTER UPDATE ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_users_delete AFTER DELETE ON users
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_plans_insert AFTER INSERT ON plans
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_plans_update AFTER UPDATE ON plans
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_plans_delete AFTER DELETE ON plans
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_user_limits_insert AFTER INSERT ON user_limits
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_user_limits_update AFTER UPDATE ON user_limits
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_user_limits_delete AFTER DELETE ON user_limits
BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
