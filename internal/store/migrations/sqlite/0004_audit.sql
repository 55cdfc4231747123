-- The audit trail: every state change — who, when, from where, what, and
-- the values before and after. Append-only: triggers refuse UPDATE and
-- DELETE. SQLite flavour.

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TIMESTAMP NOT NULL,
    actor    TEXT NOT NULL,              -- "client:<appKey>", "cli:<os user>", "system" …
    unit_id  INTEGER NOT NULL DEFAULT 0, -- the actor's unit, 0 when none
    address  TEXT NOT NULL,              -- the client address, or "cli"
    action   TEXT NOT NULL,              -- e.g. cylinder.lock, rules.update
    object   TEXT NOT NULL,              -- what it acted on, e.g. a cylinder id
    before   TEXT,                       -- JSON, NULL for a creation
    after    TEXT                        -- JSON, NULL for a removal
);
CREATE INDEX audit_log_object ON audit_log (object, at);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
