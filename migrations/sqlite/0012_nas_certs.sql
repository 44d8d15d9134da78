-- Certificates the city CA issued to routers for RadSec (RFC 6614; `radkota nas cert`).
-- A RadSec peer is the NAS its certificate names (subject CN); once a NAS has a row here,
-- only a certificate listed for it and not revoked is accepted, so `nas cert revoke`
-- shuts a router out even though its certificate still chains to the CA. The fingerprint
-- is SHA-256 of the certificate's DER, in lower-case hex. Every change bumps nas_version,
-- which running servers poll, and a revocation closes the router's open connections.
CREATE TABLE nas_certs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    nas_id      INTEGER NOT NULL REFERENCES nas (id) ON DELETE CASCADE,
    serial      TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL UNIQUE,
    not_after   INTEGER NOT NULL,
    issued_at   INTEGER NOT NULL,
    revoked_at  INTEGER NULL
);
CREATE INDEX nas_certs_nas ON nas_certs (nas_id);
