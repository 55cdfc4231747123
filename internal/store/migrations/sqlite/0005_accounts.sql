-- The web console's accounts and their server-side sessions. SQLite flavour.

-- One person's console account. The password is kept only as its argon2id
-- hash (a PHC string); roles are stored ",a,b," so that a LIKE matches one
-- role whole. A district account has a region, a unit account a unit.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY, -- rowid: accounts are disabled, never deleted
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    unit_id              INTEGER REFERENCES units (id),
    region_code          TEXT,
    roles                TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1, -- 1: change it at the next login
    failed_logins        INTEGER NOT NULL DEFAULT 0, -- wrong passwords since the last good one
    locked_until         TIMESTAMP,
    disabled_at          TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    password_changed_at  TIMESTAMP
);
CREATE INDEX users_region ON users (region_code);
CREATE INDEX users_unit ON users (unit_id);

-- A console login. The cookie holds a 256-bit token; only its SHA-256 is
-- stored, so a copy of the database logs nobody in. A session is good while
-- unexpired and its user neither disabled nor locked (checked on every
-- request); it is deleted at logout, on a password change, on disabling.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,            -- hex SHA-256 of the cookie's token
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,               -- put in every form of the session
    address      TEXT NOT NULL,               -- the client address at login
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
