-- Makers' factory data (出厂信息, notice §三(一), §四, §五): one row per
-- cylinder a maker shipped, for the cross-check at registration. SQLite flavour.
CREATE TABLE factory_records (
    id                  INTEGER PRIMARY KEY,
    unit_id             INTEGER NOT NULL REFERENCES units (id), -- the maker
    client_id           INTEGER NOT NULL DEFAULT 0,             -- 0: uploaded in the console
    source_id           TEXT NOT NULL,
    maker_name          TEXT NOT NULL,   -- the maker's name at submission: registration rows name it
    product_number      TEXT NOT NULL,
    trace_code          TEXT UNIQUE,     -- a 12-digit 镂空码 is issued once, ever
    variety_code        TEXT NOT NULL,
    medium_code         TEXT NOT NULL,
    manufacture_date    TEXT NOT NULL,   -- yyyy-mm
    nominal_pressure_x100 INTEGER NOT NULL,
    volume_x100         INTEGER NOT NULL,
    supervision_cert_no TEXT NOT NULL,
    qr_content          TEXT,
    trace_url           TEXT,
    received_at         TIMESTAMP NOT NULL,
    UNIQUE (unit_id, client_id, source_id)
);
-- One factory record per maker and product number and month: the same
-- cylinder published twice under two sourceIds is a conflict.
CREATE UNIQUE INDEX factory_records_product ON factory_records (maker_name, product_number, manufacture_date);
CREATE INDEX factory_records_unit ON factory_records (unit_id, received_at);

-- The cross-check outcome of each registration item: matched, not_found
-- (a mismatch never joins an application).
ALTER TABLE registration_items ADD COLUMN factory_check TEXT NOT NULL DEFAULT '';
