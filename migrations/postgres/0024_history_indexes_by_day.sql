-- Issue 24: every Start inserted into `session who`'s indexes (migration 0015) at a random
-- place in an index of the whole history (by address, by device), which on a year-old
-- database cost each Start a page read and a page write there. Keyed by the start day
-- first (epoch days, UTC: `started_at / 86400`), each Start writes into today's part of
-- them, as on a fresh database; a look-up seeks once per day of the longest session
-- (store/who.rs, 32 days).
DROP INDEX IF EXISTS sessions_framed_ip;
DROP INDEX IF EXISTS sessions_calling_station;
CREATE INDEX sessions_day_framed_ip ON sessions ((started_at / 86400), framed_ip, started_at)
    WHERE framed_ip IS NOT NULL;
CREATE INDEX sessions_day_calling_station
    ON sessions ((started_at / 86400), calling_station_id, started_at)
    WHERE calling_station_id IS NOT NULL;
