-- Issue 24: a login's monthly quota summed the person's `usage_daily_user` rows of the
-- month, one seek per day since the first (key (day, username), migration 0025), twice
-- (bytes and seconds): 62 seeks on the 31st for each cold read, such as every person's
-- first login or Interim-Update after a restart. The accounting writer now also adds each
-- delta to the person's row of the month, and the login reads that one row.
CREATE TABLE usage_monthly_user (
    month           TEXT    NOT NULL,   -- YYYY-MM in the usage zone
    username        TEXT    NOT NULL,
    user_id         BIGINT  NULL,
    input_octets    BIGINT  NOT NULL DEFAULT 0,
    output_octets   BIGINT  NOT NULL DEFAULT 0,
    session_seconds BIGINT  NOT NULL DEFAULT 0,
    sessions        BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (month, username)
);
INSERT INTO usage_monthly_user
    (month, username, user_id, input_octets, output_octets, session_seconds, sessions)
SELECT substr(day, 1, 7), username, MAX(user_id), SUM(input_octets), SUM(output_octets),
       SUM(session_seconds), SUM(sessions)
FROM usage_daily_user GROUP BY substr(day, 1, 7), username;
