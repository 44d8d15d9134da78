-- Accounting records whose counters no link could have produced (a delta above the
-- configured rate ceiling, a counter going backwards within a session, a value beyond
-- 2^63 - 1) are not charged to usage; the session keeps the latest such record here and
-- how many there were, for the hotspot-health report.
ALTER TABLE sessions ADD COLUMN implausible TEXT NULL;
ALTER TABLE sessions ADD COLUMN implausible_at INTEGER NULL;
ALTER TABLE sessions ADD COLUMN implausible_input_octets INTEGER NULL;
ALTER TABLE sessions ADD COLUMN implausible_output_octets INTEGER NULL;
ALTER TABLE sessions ADD COLUMN implausible_records INTEGER NOT NULL DEFAULT 0;

-- The report reads the few flagged sessions of a week, not the whole table.
CREATE INDEX sessions_implausible ON sessions (implausible_at) WHERE implausible IS NOT NULL;
