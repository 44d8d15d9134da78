-- Issue 24: every accounting batch counted the open sessions of each NAS it touched (the
-- concurrency peaks of the reports), twice, with `COUNT(*)` over an index that PostgreSQL
-- must confirm row by row in the table: 13 ms at 48,000 open sessions on one NAS, so the
-- cost of a batch grew with the sessions a NAS had open. The count is now kept here, by
-- triggers on `sessions`, exact whatever changes a session's state (the writer, the
-- reaper, Accounting-On, `user forget`, a NAS removed) and read as one row.
CREATE TABLE nas_open_sessions (
    nas_id BIGINT PRIMARY KEY,
    open_sessions BIGINT NOT NULL
);

INSERT INTO nas_open_sessions (nas_id, open_sessions)
SELECT nas_id, COUNT(*) FROM sessions WHERE state = 'open' GROUP BY nas_id;

-- The schema the function was made in, whatever the search path of the session whose
-- statement fires it (databases kept side by side as schemas, as the tests do).
CREATE FUNCTION nas_open_sessions_count() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.state = 'open' THEN
        UPDATE nas_open_sessions SET open_sessions = open_sessions - 1
        WHERE nas_id = OLD.nas_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.state = 'open' THEN
        INSERT INTO nas_open_sessions (nas_id, open_sessions) VALUES (NEW.nas_id, 1)
        ON CONFLICT (nas_id) DO UPDATE
        SET open_sessions = nas_open_sessions.open_sessions + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_open_insert AFTER INSERT ON sessions
    FOR EACH ROW WHEN (NEW.state = 'open') EXECUTE FUNCTION nas_open_sessions_count();
CREATE TRIGGER sessions_open_update AFTER UPDATE OF state, nas_id ON sessions
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.nas_id <> NEW.nas_id)
    EXECUTE FUNCTION nas_open_sessions_count();
CREATE TRIGGER sessions_open_delete AFTER DELETE ON sessions
    FOR EACH ROW WHEN (OLD.state = 'open') EXECUTE FUNCTION nas_open_sessions_count();
