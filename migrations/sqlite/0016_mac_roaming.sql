-- Issue 22: a device that logged in once with a password logs in again at any hotspot by
-- its MAC (MikroTik `login-by=mac`) for its plan's `mac_roaming` period. The MAC itself is
-- never stored: `mac_hash` is HMAC-SHA-256 under the sealing key (hex), so the table tells
-- nobody which devices were seen, and `mac_tail` keeps only the last two octets for the
-- owner's own page. One row per device: the last password login wins.
CREATE TABLE mac_bindings (
    mac_hash   TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    mac_tail   TEXT    NOT NULL,
    nas_id     INTEGER NULL,
    bound_at   INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX mac_bindings_user ON mac_bindings (user_id);

-- Disabling an account, changing its password or forgetting it ends its bindings in the
-- same transaction, whoever makes the change (CLI, API, import, another program). Logins
-- read the row every time (nothing is cached), so every instance sees it at once.
CREATE TRIGGER mac_bindings_user_changed AFTER UPDATE OF status, password_hash ON users
WHEN NEW.status <> OLD.status OR NEW.password_hash <> OLD.password_hash BEGIN
    DELETE FROM mac_bindings WHERE user_id = OLD.id;
END;
CREATE TRIGGER mac_bindings_user_deleted AFTER DELETE ON users BEGIN
    DELETE FROM mac_bindings WHERE user_id = OLD.id;
END;
