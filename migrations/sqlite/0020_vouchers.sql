-- Issue 18, part 3: voucher batches. A voucher is an ordinary user (quotas, reports and
-- audit apply) with its own `valid_days` limit, which starts at its first accepted login;
-- the batch remembers what the slips print and which users it made.
CREATE TABLE voucher_batches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    plan        TEXT    NOT NULL,
    area        TEXT    NULL,
    valid_days  INTEGER NOT NULL,
    -- The login page the slips' QR codes open, e.g. http://10.7.0.1 (no trailing slash).
    hotspot_url TEXT    NOT NULL,
    prefix      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL
);

-- Deleting or forgetting a voucher's user takes it out of its batch.
CREATE TABLE voucher_users (
    user_id  INTEGER NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    batch_id INTEGER NOT NULL REFERENCES voucher_batches (id)
);

CREATE INDEX voucher_users_batch ON voucher_users (batch_id);
