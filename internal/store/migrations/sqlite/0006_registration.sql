-- Use registration (Attachment 2): applications, their cylinders, photos,
-- the steps of 流转详情, and certificates. SQLite flavour.

-- One application (使用登记申请) of a using unit, handled by the bureau of
-- region_code (the district of its safety department).
CREATE TABLE registrations (
    id             INTEGER PRIMARY KEY,
    unit_id        INTEGER NOT NULL REFERENCES units (id),
    region_code    TEXT NOT NULL,
    equipment_type TEXT NOT NULL,
    state          TEXT NOT NULL,
    unit_name      TEXT NOT NULL,
    unit_code      TEXT NOT NULL,
    legal_rep      TEXT NOT NULL,
    phone          TEXT NOT NULL,
    fax            TEXT NOT NULL,
    postcode       TEXT NOT NULL,
    dept_name      TEXT NOT NULL,
    address        TEXT NOT NULL,
    manager_name   TEXT NOT NULL,
    manager_mobile TEXT NOT NULL,
    manager_phone  TEXT NOT NULL,
    handler_name   TEXT NOT NULL,
    handler_mobile TEXT NOT NULL,
    handler_phone  TEXT NOT NULL,
    cert_number    TEXT,
    created_at     TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX registrations_region ON registrations (region_code, state, submitted_at);
CREATE INDEX registrations_unit ON registrations (unit_id, created_at);

-- One cylinder of an application, as imported (cylinder: its archive as
-- JSON). open is 1 while the application is open and the item not left
-- out: the partial unique index then keeps the registration triple in one
-- open application only.
CREATE TABLE registration_items (
    id               INTEGER PRIMARY KEY,
    registration_id  INTEGER NOT NULL REFERENCES registrations (id),
    line             INTEGER NOT NULL,
    manufacturer     TEXT NOT NULL,
    product_number   TEXT NOT NULL,
    manufacture_date TEXT NOT NULL,
    cylinder         TEXT NOT NULL,
    photos           INTEGER NOT NULL DEFAULT 0,
    review           TEXT NOT NULL DEFAULT '',
    review_note      TEXT NOT NULL DEFAULT '',
    excluded         INTEGER NOT NULL DEFAULT 0,
    open             INTEGER NOT NULL DEFAULT 1,
    cylinder_id      TEXT
);
CREATE INDEX registration_items_reg ON registration_items (registration_id, id);
CREATE INDEX registration_items_product ON registration_items (registration_id, product_number);
CREATE UNIQUE INDEX registration_items_open_triple
    ON registration_items (manufacturer, product_number, manufacture_date) WHERE open = 1;

-- The rows the last import refused, for 下载错误数据.
CREATE TABLE registration_rejects (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    line            INTEGER NOT NULL,
    cylinder        TEXT NOT NULL,
    reasons         TEXT NOT NULL
);
CREATE INDEX registration_rejects_reg ON registration_rejects (registration_id, line);

-- Photos of an item; the bytes are in the content-addressed image store.
CREATE TABLE registration_photos (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES registration_items (id),
    kind       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    format     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX registration_photos_item ON registration_photos (item_id, id);

-- 流转详情: every step, who, when, opinion. Append-only.
CREATE TABLE registration_steps (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id),
    action          TEXT NOT NULL,
    user_id         INTEGER NOT NULL,
    user_name       TEXT NOT NULL,
    from_state      TEXT NOT NULL,
    to_state        TEXT NOT NULL,
    opinion         TEXT NOT NULL,
    at              TIMESTAMP NOT NULL
);
CREATE INDEX registration_steps_reg ON registration_steps (registration_id, id);
CREATE TRIGGER registration_steps_no_update BEFORE UPDATE ON registration_steps
BEGIN SELECT RAISE(ABORT, 'registration_steps is append-only'); END;
CREATE TRIGGER registration_steps_no_delete BEFORE DELETE ON registration_steps
BEGIN SELECT RAISE(ABORT, 'registration_steps is append-only'); END;

-- A unit's use-registration certificate in one district: later approvals
-- of the same unit in that district add cylinders under it.
CREATE TABLE certificates (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    region_code TEXT NOT NULL,
    authority   TEXT NOT NULL,
    issued_at   TEXT NOT NULL, -- yyyy-mm-dd of the first issue
    UNIQUE (unit_id, region_code)
);

-- The last serial of certificate numbers per year (0: a template without the year).
CREATE TABLE cert_serials (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE INDEX cylinders_cert ON cylinders (registration_cert_number);
