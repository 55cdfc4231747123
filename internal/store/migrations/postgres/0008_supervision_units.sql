-- Indexes of the supervision views of units (issue 8: violations and
-- suspected black cylinders, docking progress, credit). PostgreSQL flavour;
-- migrations/sqlite/0008_supervision_units.sql is the same.

-- Stored violations by filling date (and unit): only the flagged fillings,
-- so the index stays as small as the violations are few.
CREATE INDEX fillings_violation_date ON fillings (filling_date, unit_id) WHERE violation = 1;

-- "One cylinder filled by two units": the fillings of a date range grouped
-- by cylinder, read from the index alone (medium_code for the medium filter).
CREATE INDEX fillings_date_cylinder ON fillings (filling_date, cylinder_id, unit_id, medium_code);

-- Docking: a unit's first and last upload (one seek each) and its uploads in
-- a range, in every table a unit uploads to. Trail nodes 充装 and 检验 repeat
-- a filling or an inspection of the same unit at the same time; the index
-- holds the other nodes only.
CREATE INDEX fillings_unit_received ON fillings (unit_id, received_at);
CREATE INDEX inspections_unit_received ON inspections (unit_id, received_at);
CREATE INDEX trail_events_unit_received ON trail_events (unit_id, received_at) WHERE node NOT IN ('充装', '检验');
CREATE INDEX tag_bindings_unit ON tag_bindings (unit_id, bound_at);

-- A unit's gas group: one seek per group into the cylinders it owns or made.
CREATE INDEX cylinders_unit_medium ON cylinders (use_unit_id, medium_code);
CREATE INDEX cylinders_maker_medium ON cylinders (manufacturer, medium_code);

-- Credit: in-use cylinders past their inspection month, per owning unit,
-- read from the index alone.
CREATE INDEX cylinders_due_unit ON cylinders (status, next_inspection_date, use_unit_id, medium_code);

-- Credit: the interlock's refusals by time, with the unit, cylinder and
-- medium they concern; refusals are a small share of all checks.
CREATE INDEX filling_checks_refused ON filling_checks (checked_at, unit_id, cylinder_id, medium_code) WHERE allowed = 0;
