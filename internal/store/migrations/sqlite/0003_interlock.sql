-- The filling interlock: versioned rule tables, cylinder locks, the log of
-- every check, and fillings flagged as violations. SQLite flavour.

-- Each change of the safety rule table is a new version; the highest is in
-- force. Versions are never updated or deleted.
CREATE TABLE rule_versions (
    version    INTEGER PRIMARY KEY,
    rules      TEXT NOT NULL,            -- the RuleTable as JSON
    changed_by TEXT NOT NULL,            -- who made it: "system" or "client:<appKey>"
    note       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE cylinder_locks (
    id          INTEGER PRIMARY KEY,
    cylinder_id TEXT NOT NULL REFERENCES cylinders (id),
    reason      TEXT NOT NULL,
    locked_by   TEXT NOT NULL,
    locked_at   TIMESTAMP NOT NULL,
    unlocked_by TEXT,
    unlock_note TEXT,
    unlocked_at TIMESTAMP
);
CREATE INDEX cylinder_locks_cylinder ON cylinder_locks (cylinder_id, locked_at);

-- The active locks, kept on the archive as JSON so that a check is one read.
ALTER TABLE cylinders ADD COLUMN locks TEXT;

CREATE TABLE filling_checks (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL,
    client_id     INTEGER NOT NULL,
    cylinder_id   TEXT,                  -- the archive it resolved to, NULL for none
    reference     TEXT NOT NULL,         -- what the station sent (id, infoCode or qrContent)
    medium_code   TEXT NOT NULL,
    allowed       INTEGER NOT NULL,      -- 1 allowed, 0 refused
    reasons       TEXT NOT NULL,         -- the reason codes, comma-separated
    rule_version  INTEGER NOT NULL,
    checked_at    TIMESTAMP NOT NULL
);
CREATE INDEX filling_checks_unit ON filling_checks (unit_id, checked_at);
CREATE INDEX filling_checks_cylinder ON filling_checks (cylinder_id, checked_at);

-- A filling the interlock would have refused is kept, flagged, with why.
ALTER TABLE fillings ADD COLUMN violation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fillings ADD COLUMN violation_reasons TEXT;
ALTER TABLE fillings ADD COLUMN rule_version INTEGER;

-- Violations for the supervision views: one per flagged filling.
CREATE TABLE violations (
    id          INTEGER PRIMARY KEY,
    filling_id  INTEGER NOT NULL UNIQUE REFERENCES fillings (id),
    unit_id     INTEGER NOT NULL,
    cylinder_id TEXT,
    reasons     TEXT NOT NULL,           -- JSON [{code, message}]
    created_at  TIMESTAMP NOT NULL,
    handled_at  TIMESTAMP,
    handled_by  TEXT,
    opinion     TEXT
);
CREATE INDEX violations_unit ON violations (unit_id, created_at);

-- What an inspection replaced on the archive, so that a filling reported
-- late can be judged by the archive as it stood on its day.
ALTER TABLE inspections ADD COLUMN prev_last_inspection_date TEXT;
ALTER TABLE inspections ADD COLUMN prev_next_inspection_date TEXT;
