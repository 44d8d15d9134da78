-- A login counts the user's open sessions. The index on (username, started_at) walked the
-- user's whole history to find them; this one holds open sessions only, with every column
-- the count reads, so its cost depends on how many are open, never on how many there were.
CREATE INDEX sessions_open_user
    ON sessions (username, started_at, seen_at, interim_interval, calling_station_id)
    WHERE state = 'open';

-- Every instance keeps users, plans and overrides in memory (src/store/directory.rs) and
-- drops an entry when told on this channel that it changed, whoever changed it. The
-- payload is 'u:' || user id or 'p:' || plan name; NOTIFY is delivered at commit.
CREATE FUNCTION radkota_directory_notify() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'plans' THEN
        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('radkota_directory', 'p:' || OLD.name); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('radkota_directory', 'p:' || NEW.name); END IF;
    ELSIF TG_TABLE_NAME = 'users' THEN
        -- A new user is in no directory yet.
        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('radkota_directory', 'u:' || OLD.id); END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('radkota_directory', 'u:' || OLD.user_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('radkota_directory', 'u:' || NEW.user_id); END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER directory_users AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION radkota_directory_notify();
CREATE TRIGGER directory_plans AFTER INSERT OR UPDATE OR DELETE ON plans
    FOR EACH ROW EXECUTE FUNCTION radkota_directory_notify();
CREATE TRIGGER directory_user_limits AFTER INSERT OR UPDATE OR DELETE ON user_limits
    FOR EACH ROW EXECUTE FUNCTION radkota_directory_notify();
