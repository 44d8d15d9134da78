-- Every instance hears at once that the NAS registry changed (issue 17): the version row
-- that every NAS change bumps in its own transaction (store/nas.rs `bump_nas_version`)
-- notifies `n:<version>` on the directory channel at commit; each server's registry
-- reloads on it (store/pg_notices.rs) rather than at its next poll. Admin tokens need no
-- notification: every API request reads its token from the database.
CREATE FUNCTION radkota_nas_notify() RETURNS trigger AS $$
BEGIN
    IF NEW.key = 'nas_version' THEN
        PERFORM pg_notify('radkota_directory', 'n:' || NEW.value);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER nas_version_notify AFTER INSERT OR UPDATE ON meta
    FOR EACH ROW EXECUTE FUNCTION radkota_nas_notify();
