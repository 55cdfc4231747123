-- Indexes of the supervision views (issue 8): the overview, the overdue list
-- and the recall candidates. SQLite flavour; migrations/postgres/ has the
-- same indexes. Each view must answer within a second on a million
-- archives and ten million fillings, so the counts read index ranges, or
-- one narrow index whole, rather than the tables.

-- The overview's counts of archives by district, status, medium and
-- variety: one pass over this index alone, grouping as it reads.
CREATE INDEX cylinders_overview ON cylinders (region_code, status, medium_code, variety_code);

-- In-use archives overdue or falling due, per district: a short range per
-- district, read from the index alone also under a medium filter; the
-- overdue list's count and pages of a district. It has the columns of
-- 0001's cylinders_region_status first, which it replaces.
CREATE INDEX cylinders_region_due ON cylinders (region_code, status, next_inspection_date, medium_code);
DROP INDEX cylinders_region_status;

-- Registered this month: one month's range of a district's archives; the
-- city reads the whole index (a million short entries, tens of ms). With
-- medium_code a medium filter stays in the index.
CREATE INDEX cylinders_registered ON cylinders (region_code, registration_date, medium_code);

-- Recall candidates (notice §六(四)): gas cylinders made since 2021-01
-- without an electronic mark, not scrapped. The condition is the one the
-- queries repeat word for word (store.recallWhere), so that both databases
-- use these indexes, which hold the candidates only: by manufacturer (the
-- list's order; medium_code second so that a manufacturer's seek beats the
-- index on manufacturer and medium of all archives) and by district.
CREATE INDEX cylinders_recall ON cylinders (manufacturer, medium_code, manufacture_date, product_number)
    WHERE medium_code IN ('G13', 'G14') AND manufacture_date >= '2021-01' AND status <> '报废'
    AND (info_code IS NULL OR tag_type IS NULL);
CREATE INDEX cylinders_recall_region ON cylinders (region_code, manufacturer)
    WHERE medium_code IN ('G13', 'G14') AND manufacture_date >= '2021-01' AND status <> '报废'
    AND (info_code IS NULL OR tag_type IS NULL);

-- A unit's records of a date range: the overview counts a district's
-- fillings and inspections unit by unit from these, reading only its own
-- units' ranges; medium_code lets a medium filter stay in the index.
CREATE INDEX fillings_unit_date ON fillings (unit_id, filling_date, medium_code);
CREATE INDEX inspections_unit_date ON inspections (unit_id, inspection_date);

-- Open violations per unit: the handled ones drop out of the index.
CREATE INDEX violations_open ON violations (unit_id) WHERE handled_at IS NULL;
