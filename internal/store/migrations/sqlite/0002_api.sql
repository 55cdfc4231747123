-- The data-sharing API: clients of the units' platforms, their bearer tokens,
-- and the history of tag bindings. SQLite flavour.

CREATE TABLE api_clients (
    id          INTEGER PRIMARY KEY,
    app_key     TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,            -- hex SHA-256 of the 256-bit secret
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    role        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP
);
CREATE INDEX api_clients_unit ON api_clients (unit_id);

-- Tokens are stored hashed; a token is good while unexpired and its client
-- is not disabled (checked on every request, so disabling is immediate).
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES api_clients (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX api_tokens_client ON api_tokens (client_id);

-- Every binding of a tag to a cylinder; the current one has no replaced_at.
CREATE TABLE tag_bindings (
    id          INTEGER PRIMARY KEY,
    cylinder_id TEXT NOT NULL REFERENCES cylinders (id),
    info_code   TEXT NOT NULL,
    tag_type    TEXT NOT NULL,
    qr_content  TEXT,
    stamp_image TEXT NOT NULL,            -- hex SHA-256 of the steel-stamp photo
    unit_id     INTEGER NOT NULL,
    client_id   INTEGER NOT NULL,
    bound_at    TIMESTAMP NOT NULL,
    replaced_at TIMESTAMP
);
CREATE INDEX tag_bindings_cylinder ON tag_bindings (cylinder_id, bound_at);
