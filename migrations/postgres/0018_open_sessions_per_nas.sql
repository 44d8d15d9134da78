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

-- Statement-level triggers with transition tables: one upsert per NAS per statement. A
-- row-level trigger updated the NAS's counter row once per session, and PostgreSQL walks
-- the chain of a row's versions made in one transaction, so the reaper marking 18,000
-- sessions stale took 4.7 s while holding that row. The changes are applied in NAS order,
-- so two statements lock counter rows in the same order. `search_path FROM CURRENT`: the
-- schema the functions were made in, whatever the search path of the session whose
-- statement fires them (databases kept side by side as schemas, as the tests do).
CREATE FUNCTION nas_open_sessions_inserted() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO nas_open_sessions (nas_id, open_sessions)
    SELECT nas_id, COUNT(*) FROM new_rows WHERE state = 'open'
    GROUP BY nas_id ORDER BY nas_id
    ON CONFLICT (nas_id) DO UPDATE
    SET open_sessions = nas_open_sessions.open_sessions + excluded.open_sessions;
    RETURN NULL;
END
$$;

CREATE FUNCTION nas_open_sessions_updated() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO nas_open_sessions (nas_id, open_sessions)
    SELECT nas_id, SUM(delta) FROM (
        SELECT nas_id, 1 AS delta FROM new_rows WHERE state = 'open'
        UNION ALL
        SELECT nas_id, -1 AS delta FROM old_rows WHERE state = 'open'
    ) AS changes
    GROUP BY nas_id HAVING SUM(delta) <> 0 ORDER BY nas_id
    ON CONFLICT (nas_id) DO UPDATE
    SET open_sessions = nas_open_sessions.open_sessions + excluded.open_sessions;
    RETURN NULL;
END
$$;

CREATE FUNCTION nas_open_sessions_deleted() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO nas_open_sessions (nas_id, open_sessions)
    SELECT nas_id, -COUNT(*) FROM old_rows WHERE state = 'open'
    GROUP BY nas_id ORDER BY nas_id
    ON CONFLICT (nas_id) DO UPDATE
    SET open_sessions = nas_open_sessions.open_sessions + excluded.open_sessions;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_open_inserted AFTER INSERT ON sessions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION nas_open_sessions_inserted();
CREATE TRIGGER sessions_open_updated AFTER UPDATE ON sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION nas_open_sessions_updated();
CREATE TRIGGER sessions_open_deleted AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION nas_open_sessions_deleted();
