-- A login counts the user's open sessions. The index on (username, started_at) walked the
-- user's whole history to find them (a year of sessions: 0.04-0.08x the CHAP rate of a
-- fresh database). This one holds open sessions only, with every column the count reads,
-- so its cost depends on how many sessions are open, never on how many there were; it
-- is ordered by start, as `session list --user --open` and CoA lookups list them.
CREATE INDEX sessions_open_user
    ON sessions (username, started_at, seen_at, interim_interval, calling_station_id)
    WHERE state = 'open';

-- What changed, one row per user or plan, so the login directory (src/store/directory.rs)
-- drops only the entries a change touched instead of starting over. `directory_version`
-- stays the one number a login reads: it is the newest `seq`, set in the same trigger.
-- Users are named by id, never by name: the table holds no personal data, so `user
-- forget` has nothing to remove here.
CREATE TABLE directory_changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    -- A user whose account or overrides changed ...
    user_id INTEGER NULL,
    -- ... or a plan, which touches every user on it.
    plan    TEXT NULL
);
INSERT INTO directory_changes (user_id) VALUES (NULL);
-- The log keeps itself to its last 100,000 changes, pruning a thousand at a time: a
-- directory that far behind finds a gap and starts over (src/store/sqlite/login.rs).
CREATE TRIGGER directory_changes_prune AFTER INSERT ON directory_changes
WHEN NEW.seq % 1000 = 0 BEGIN
    DELETE FROM directory_changes WHERE seq <= NEW.seq - 100000;
END;
UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;

DROP TRIGGER directory_users_insert;
DROP TRIGGER directory_users_update;
DROP TRIGGER directory_users_delete;
DROP TRIGGER directory_plans_insert;
DROP TRIGGER directory_plans_update;
DROP TRIGGER directory_plans_delete;
DROP TRIGGER directory_user_limits_insert;
DROP TRIGGER directory_user_limits_update;
DROP TRIGGER directory_user_limits_delete;

-- A new user is in no directory (unknown names are not kept), so an import of a city's
-- users costs the directories nothing.
CREATE TRIGGER directory_users_update AFTER UPDATE ON users BEGIN
    INSERT INTO directory_changes (user_id) VALUES (OLD.id);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_users_delete AFTER DELETE ON users BEGIN
    INSERT INTO directory_changes (user_id) VALUES (OLD.id);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_plans_insert AFTER INSERT ON plans BEGIN
    INSERT INTO directory_changes (plan) VALUES (NEW.name);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_plans_update AFTER UPDATE ON plans BEGIN
    INSERT INTO directory_changes (plan) VALUES (OLD.name);
    INSERT INTO directory_changes (plan) SELECT NEW.name WHERE NEW.name <> OLD.name;
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_plans_delete AFTER DELETE ON plans BEGIN
    INSERT INTO directory_changes (plan) VALUES (OLD.name);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_user_limits_insert AFTER INSERT ON user_limits BEGIN
    INSERT INTO directory_changes (user_id) VALUES (NEW.user_id);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_user_limits_update AFTER UPDATE ON user_limits BEGIN
    INSERT INTO directory_changes (user_id) VALUES (NEW.user_id);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
CREATE TRIGGER directory_user_limits_delete AFTER DELETE ON user_limits BEGIN
    INSERT INTO directory_changes (user_id) VALUES (OLD.user_id);
    UPDATE directory_version SET version = (SELECT MAX(seq) FROM directory_changes) WHERE id = 1;
END;
