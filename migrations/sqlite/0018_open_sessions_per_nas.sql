-- Issue 24: every accounting batch counted the open sessions of each NAS it touched (the
-- concurrency peaks of the reports), so its cost grew with the sessions a NAS had open.
-- The count is now kept here, by triggers on `sessions`, exact whatever changes a
-- session's state (the writer, the reaper, Accounting-On, `user forget`, a NAS removed).
CREATE TABLE nas_open_sessions (
    nas_id INTEGER PRIMARY KEY,
    open_sessions INTEGER NOT NULL
);

INSERT INTO nas_open_sessions (nas_id, open_sessions)
SELECT nas_id, COUNT(*) FROM sessions WHERE state = 'open' GROUP BY nas_id;

CREATE TRIGGER sessions_open_insert AFTER INSERT ON sessions
WHEN NEW.state = 'open'
BEGIN
    INSERT INTO nas_open_sessions (nas_id, open_sessions) VALUES (NEW.nas_id, 1)
    ON CONFLICT (nas_id) DO UPDATE SET open_sessions = open_sessions + 1;
END;

CREATE TRIGGER sessions_open_leave AFTER UPDATE OF state, nas_id ON sessions
WHEN OLD.state = 'open' AND (NEW.state IS NOT 'open' OR NEW.nas_id <> OLD.nas_id)
BEGIN
    UPDATE nas_open_sessions SET open_sessions = open_sessions - 1 WHERE nas_id = OLD.nas_id;
END;

CREATE TRIGGER sessions_open_enter AFTER UPDATE OF state, nas_id ON sessions
WHEN NEW.state = 'open' AND (OLD.state IS NOT 'open' OR NEW.nas_id <> OLD.nas_id)
BEGIN
    INSERT INTO nas_open_sessions (nas_id, open_sessions) VALUES (NEW.nas_id, 1)
    ON CONFLICT (nas_id) DO UPDATE SET open_sessions = open_sessions + 1;
END;

CREATE TRIGGER sessions_open_delete AFTER DELETE ON sessions
WHEN OLD.state = 'open'
BEGIN
    UPDATE nas_open_sessions SET open_sessions = open_sessions - 1 WHERE nas_id = OLD.nas_id;
END;
