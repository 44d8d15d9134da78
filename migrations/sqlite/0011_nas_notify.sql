-- Nothing to do on SQLite: PostgreSQL's 0011 notifies other instances of NAS changes; a
-- SQLite file has one server, whose registry polls `meta.nas_version`. Kept so that both
-- backends number their migrations alike.
SELECT 1;
