-- Each archive's factory record, once known (at registration against it,
-- or when the maker publishes it later), and the recall candidates of a
-- second kind: gas cylinders made from 2021-01 on whose maker published
-- no factory data and that carry no permanent mark (qr_content). PostgreSQL
-- flavour. The partial indexes hold only those candidates; the store's
-- queries repeat their condition word for word (store.noFactoryWhere).
ALTER TABLE cylinders ADD COLUMN factory_id BIGINT;
CREATE INDEX cylinders_nofactory ON cylinders (manufacturer, medium_code, manufacture_date, product_number)
    WHERE medium_code IN ('G13', 'G14') AND manufacture_date >= '2021-01' AND status <> '报废'
    AND factory_id IS NULL AND qr_content IS NULL;
CREATE INDEX cylinders_nofactory_region ON cylinders (region_code, manufacturer)
    WHERE medium_code IN ('G13', 'G14') AND manufacture_date >= '2021-01' AND status <> '报废'
    AND factory_id IS NULL AND qr_content IS NULL;
