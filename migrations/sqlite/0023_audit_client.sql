-- Issue 26: the HTTP client's address of each change made through an HTTP face (behind a
-- trusted reverse proxy, the address it forwarded for). NULL for the CLI and for rows
-- written before; a row's hash covers it only when it is set, so older rows verify as before.
ALTER TABLE audit_log ADD COLUMN client TEXT;
