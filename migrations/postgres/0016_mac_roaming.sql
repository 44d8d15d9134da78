-- Issue 22: a device that logged in once with a password logs in again at any hotspot by
-- its MAC (MikroTik `login-by=mac`) for its plan's `mac_roaming` period. The MAC itself is
-- never stored: `mac_hash` is HMAC-SHA-256 under the sealing key (hex), so the table tells
-- nobody which devices were seen, and `mac_tail` keeps only the last two octets for the
-- owner's own page. One row per device: the last password login wins.
CREATE TABLE mac_bindings (
    mac_hash   TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    mac_tail   TEXT   NOT NULL,
    nas_id     BIGINT NULL,
    bound_at   BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX mac_bindings_user ON mac_bindings (user_id);

-- Disabling an account, changing its password or forgetting it ends its bindings in the
-- same transaction, whoever makes the change (CLI, API, import, another program). Logins
-- read the row every time (nothing is cached), so every instance sees it at once.
CREATE FUNCTION radkota_mac_bindings_end() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.status IS DISTINCT FROM OLD.status
       OR NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
        DELETE FROM mac_bindings WHERE user_id = OLD.id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER mac_bindings_end AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION radkota_mac_bindings_end();
