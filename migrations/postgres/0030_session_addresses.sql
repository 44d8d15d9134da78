-- Issue 24: `session who`'s entries leave the Start's path, as on SQLite (see
-- migrations/sqlite/0030_session_addresses.sql for why); the same tables and the same
-- look-up on both backends.

CREATE TABLE session_addresses (
    day        BIGINT NOT NULL,
    kind       SMALLINT NOT NULL,
    value      TEXT   NOT NULL,
    session_id BIGINT NOT NULL,
    PRIMARY KEY (day, kind, value, session_id)
);
CREATE INDEX session_addresses_session ON session_addresses (session_id);

CREATE TABLE session_who_queue (
    nas_id             BIGINT NOT NULL,
    acct_session_id    TEXT   NOT NULL,
    username           TEXT   NOT NULL,
    framed_ip          TEXT   NULL,
    calling_station_id TEXT   NULL
);

CREATE FUNCTION session_addresses_deleted() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM session_addresses WHERE session_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_addresses_deleted AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION session_addresses_deleted();

INSERT INTO session_addresses (day, kind, value, session_id)
SELECT started_at / 86400, 0, framed_ip, id FROM sessions WHERE framed_ip IS NOT NULL
UNION ALL
SELECT started_at / 86400, 1, calling_station_id, id FROM sessions
WHERE calling_station_id IS NOT NULL
ORDER BY 1, 2, 3, 4;

DROP INDEX IF EXISTS sessions_day_framed_ip;
DROP INDEX IF EXISTS sessions_day_calling_station;
