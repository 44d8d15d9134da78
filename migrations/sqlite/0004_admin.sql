-- Administration: areas (kecamatan > kelurahan > RW), user ownership by area, the
-- hash-chained audit log, and API tokens. Integer/text/blob only; times are epoch seconds.

CREATE TABLE areas (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Letters, digits, '.' and '-' only (checked in Rust), so `path LIKE 'x/%'` needs no
    -- escaping.
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    -- kecamatan | kelurahan | rw
    level      TEXT    NOT NULL,
    parent     TEXT    NULL,
    -- Codes from the kecamatan down, joined by '/': a subtree is one indexed prefix scan.
    path       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE INDEX areas_path ON areas (path);

-- No foreign key to areas: before any area is imported these are free text.
ALTER TABLE users ADD COLUMN area TEXT NULL;
-- School or business name (metadata from the registry).
ALTER TABLE users ADD COLUMN org TEXT NULL;
-- The registry's own id (student number, UMKM registration number).
ALTER TABLE users ADD COLUMN external_id TEXT NULL;

CREATE INDEX users_area ON users (area);
CREATE INDEX nas_rw ON nas (rw);

CREATE TABLE audit_log (
    -- Assigned from audit_head.seq, not by the database, so ids are gapless.
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    before_json TEXT    NULL,
    after_json  TEXT    NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);

CREATE INDEX audit_log_at ON audit_log (at);

-- One row: the latest sequence number and hash. Every audited change updates it first in
-- its transaction, which serialises appends and lets `audit verify` notice a removed tail.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);

INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    -- admin | operator | auditor
    role       TEXT    NOT NULL,
    area       TEXT    NULL,
    -- SHA-256 (hex) of the token; the token itself is shown once and never stored.
    token_hash TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    revoked_at INTEGER NULL
);
