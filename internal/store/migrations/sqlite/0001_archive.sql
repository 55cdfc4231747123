-- The cylinder archive, units, and the records units submit (SPEC.md §3).
-- SQLite flavour; migrations/postgres/0001_archive.sql is the same schema.

CREATE TABLE units (
    id           INTEGER PRIMARY KEY, -- rowid: records are never deleted, so ids are never reused
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kinds        TEXT NOT NULL,           -- comma-separated UnitKind values
    region_code  TEXT NOT NULL,
    maker_code   TEXT UNIQUE,             -- 3-digit manufacturer code, makers only
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX units_region ON units (region_code);

CREATE TABLE cylinders (
    id                       TEXT PRIMARY KEY,
    use_unit_id              INTEGER REFERENCES units (id),
    use_unit_name            TEXT NOT NULL,
    region_code              TEXT NOT NULL,
    variety_code             TEXT NOT NULL,
    product_number           TEXT NOT NULL,
    medium_code              TEXT NOT NULL,
    manufacturer             TEXT NOT NULL,
    manufacture_date         TEXT NOT NULL,   -- yyyy-mm
    nominal_pressure_x100    INTEGER NOT NULL, -- MPa × 100
    volume_x100              INTEGER NOT NULL, -- L × 100
    last_inspection_date     TEXT,            -- yyyy-mm-dd
    next_inspection_date     TEXT NOT NULL,   -- yyyy-mm
    unit_internal_number     TEXT,
    status                   TEXT NOT NULL,
    tag_type                 TEXT,
    info_code                TEXT UNIQUE,
    qr_content               TEXT,
    qr_hash                  TEXT UNIQUE,     -- hex SHA-256 of qr_content
    registration_cert_number TEXT,
    registration_date        TEXT,            -- yyyy-mm-dd
    registration_authority   TEXT,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL
);
-- The registration triple (Attachment 2 §三.3): one archive per cylinder.
CREATE UNIQUE INDEX cylinders_triple ON cylinders (manufacturer, product_number, manufacture_date);
CREATE INDEX cylinders_unit ON cylinders (use_unit_id, status);
CREATE INDEX cylinders_region_status ON cylinders (region_code, status, next_inspection_date);
CREATE INDEX cylinders_status_next ON cylinders (status, next_inspection_date);

-- Submitted records keep what was sent (cylinder_ref, info_code_ref) and the
-- archive it resolved to (cylinder_id, NULL for an unknown code: that is
-- evidence too). (unit_id, client_id, source_id) is the idempotency key;
-- client_id 0 stands for data entered outside the API (console, demo).
CREATE TABLE fillings (
    id                INTEGER PRIMARY KEY, -- rowid: records are never deleted, so ids are never reused
    unit_id           INTEGER NOT NULL DEFAULT 0,
    client_id         INTEGER NOT NULL DEFAULT 0,
    source_id         TEXT NOT NULL,
    cylinder_id       TEXT,
    cylinder_ref      TEXT,
    info_code_ref     TEXT,
    medium_code       TEXT NOT NULL,
    filler            TEXT NOT NULL,
    filling_date      TEXT NOT NULL,   -- yyyy-mm-dd
    filling_unit_name TEXT NOT NULL,
    filling_time      TIMESTAMP,
    received_at       TIMESTAMP NOT NULL,
    UNIQUE (unit_id, client_id, source_id)
);
CREATE INDEX fillings_cylinder ON fillings (cylinder_id, filling_date);
CREATE INDEX fillings_date ON fillings (filling_date);

CREATE TABLE inspections (
    id                   INTEGER PRIMARY KEY, -- rowid: records are never deleted, so ids are never reused
    unit_id              INTEGER NOT NULL DEFAULT 0,
    client_id            INTEGER NOT NULL DEFAULT 0,
    source_id            TEXT NOT NULL,
    cylinder_id          TEXT,
    cylinder_ref         TEXT,
    info_code_ref        TEXT,
    inspection_date      TEXT NOT NULL,  -- yyyy-mm-dd
    inspection_agency    TEXT NOT NULL,
    next_inspection_date TEXT,           -- yyyy-mm; empty for 报废处置
    conclusion           TEXT NOT NULL,
    inspection_type      TEXT NOT NULL,
    received_at          TIMESTAMP NOT NULL,
    UNIQUE (unit_id, client_id, source_id)
);
CREATE INDEX inspections_cylinder ON inspections (cylinder_id, inspection_date);

CREATE TABLE trail_events (
    id            INTEGER PRIMARY KEY, -- rowid: records are never deleted, so ids are never reused
    unit_id       INTEGER NOT NULL DEFAULT 0,
    client_id     INTEGER NOT NULL DEFAULT 0,
    source_id     TEXT NOT NULL,
    cylinder_id   TEXT,
    cylinder_ref  TEXT,
    info_code_ref TEXT,
    event_time    TIMESTAMP NOT NULL,
    node          TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    received_at   TIMESTAMP NOT NULL,
    UNIQUE (unit_id, client_id, source_id)
);
CREATE INDEX trail_events_cylinder ON trail_events (cylinder_id, event_time);
