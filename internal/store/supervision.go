package store

// SupervisionFilter is what every supervision view filters by (SPEC.md §8,
// issue 8): a district, a unit, a medium and a date range, with paging.
// Zero fields do not filter. From and To are yyyy-mm-dd (China Standard
// Time) and bound the view's own date (a filling's date, a violation's
// time, a cylinder's next inspection …), both inclusive.
type SupervisionFilter struct {
	RegionCode string
	UnitID     int64
	MediumCode string
	From, To   string
	Limit      int // default 50
	Offset     int
}
