-- Issue 22, the person at the hotspot.
--
-- Limits every plan and user override may set: the language of the texts a person reads
-- (Reply-Message, the portal), how long a device's MAC stays bound after a password login
-- (roaming between hotspots without retyping), and the first moment logins are accepted.
ALTER TABLE plans ADD COLUMN language TEXT NULL;
ALTER TABLE plans ADD COLUMN mac_roaming INTEGER NULL;
ALTER TABLE plans ADD COLUMN valid_from INTEGER NULL;
ALTER TABLE user_limits ADD COLUMN language TEXT NULL;
ALTER TABLE user_limits ADD COLUMN mac_roaming INTEGER NULL;
ALTER TABLE user_limits ADD COLUMN valid_from INTEGER NULL;

-- The seeded plans roam for seven days (a fresh database gets it from the seed itself).
UPDATE plans SET mac_roaming = 604800
 WHERE name IN ('student', 'umkm') AND mac_roaming IS NULL;

-- The text sent in the Reply-Message, beside the machine-readable reason.
ALTER TABLE auth_log ADD COLUMN reply_message TEXT NULL;

-- "Who had this address at that instant" (`session who`) reads these by the address (or
-- the device) and a bounded range of start times, never a scan of history.
CREATE INDEX sessions_framed_ip ON sessions (framed_ip, started_at) WHERE framed_ip IS NOT NULL;
CREATE INDEX sessions_calling_station ON sessions (calling_station_id, started_at)
    WHERE calling_station_id IS NOT NULL;
