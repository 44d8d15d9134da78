-- The check value of the key that seals this database's secrets (users.sealed_password,
-- nas.sealed_secret): hex HMAC-SHA256 of a fixed label under the key, never the key. Every
-- process that opens the database compares its key file with it, so a key file that is not
-- this database's is refused instead of sealing new secrets nobody else can open.
-- No row: a database from before this check (recorded on first open with a key that opens
-- its sealed rows) or a new one (recorded with the key created for it).
CREATE TABLE key_check (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    check_value TEXT    NOT NULL,
    recorded_at BIGINT  NOT NULL
);
