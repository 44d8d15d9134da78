-- Issue 24: `session who`'s indexes by address and by device (migration 0024) took each
-- Start's entries at a random place in today's part of two indexes, so that a batch of
-- Starts dirtied a page of each per session: 12% of a Start's rate on SQLite (BENCHMARKS.md,
-- session 13). The writer now queues the key of each session whose address, device or
-- start day is new or changed, and moves the queue into `session_addresses` in bulk and in
-- key order (`store::batch::who_queue`), so that many entries share each page they
-- dirty. A look-up reads this table and the short queue (`store::who`).

-- One entry per session and address (kind 0) or device (kind 1) it held, keyed by its
-- start day (epoch days, UTC) so that a look-up seeks once per day. An entry whose session
-- changed address since is left, and skipped by the look-up, which compares with the
-- session; it goes with its session (the trigger below).
CREATE TABLE session_addresses (
    day        INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    value      TEXT    NOT NULL,
    session_id INTEGER NOT NULL,
    PRIMARY KEY (day, kind, value, session_id)
) WITHOUT ROWID;
-- Session ids only grow, so this is written at its end.
CREATE INDEX session_addresses_session ON session_addresses (session_id);

-- Sessions whose entries are still to be written: no longer than the writer's flush
-- threshold (`who_queue::FLUSH_AT`) per instance. A look-up scans it for the address or
-- device as queued, and reads only the sessions that match (every change of either queues
-- the key again, with the new value).
CREATE TABLE session_who_queue (
    nas_id             INTEGER NOT NULL,
    acct_session_id    TEXT    NOT NULL,
    username           TEXT    NOT NULL,
    framed_ip          TEXT    NULL,
    calling_station_id TEXT    NULL
);

-- Purges and `user forget` delete sessions; their entries go with them. The writer never
-- deletes sessions, so its statements gain no journal from this trigger.
CREATE TRIGGER sessions_addresses_deleted AFTER DELETE ON sessions
BEGIN
    DELETE FROM session_addresses WHERE session_id = old.id;
END;

INSERT INTO session_addresses (day, kind, value, session_id)
SELECT started_at / 86400, 0, framed_ip, id FROM sessions WHERE framed_ip IS NOT NULL
UNION ALL
SELECT started_at / 86400, 1, calling_station_id, id FROM sessions
WHERE calling_station_id IS NOT NULL
ORDER BY 1, 2, 3, 4;

DROP INDEX IF EXISTS sessions_day_framed_ip;
DROP INDEX IF EXISTS sessions_day_calling_station;
