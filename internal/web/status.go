package web

import (
	"time"

	"cyltrace"
)

// The data-status values of the badges.
const (
	statusOK           = "ok"
	statusScrapped     = "scrapped"
	statusStopped      = "stopped"
	statusOverdue      = "overdue"
	statusUnregistered = "unregistered"
)

// statusBadge is one badge of the page and one entry of the JSON statuses.
type statusBadge struct {
	Status string `json:"status"` // ok, scrapped, stopped, overdue or unregistered
	Label  string `json:"label"`
	Class  string `json:"-"` // ok (green), red or grey
	Note   string `json:"-"` // what it means for the citizen; "" for ok
}

// statuses returns every badge that applies to c at now, in the order
// 已报废, 已停用, 超期未检, 未登记; 检验合格 alone when none does.
//
// A cylinder is overdue from the first day after the last day of the month
// of its 下次检验日期 (China Standard Time): 2024-08 is in date through
// 2024-08-31 23:59:59.
func statuses(c *cyltrace.Cylinder, now time.Time) []statusBadge {
	var list []statusBadge
	switch c.Status {
	case cyltrace.StatusScrapped:
		list = append(list, statusBadge{statusScrapped, "已报废", "grey", "该气瓶已报废，严禁充装和使用。"})
	case cyltrace.StatusStopped:
		list = append(list, statusBadge{statusStopped, "已停用", "grey", "该气瓶已停用，不得充装和使用。"})
	}
	if overdue(c.NextInspectionDate, now) {
		list = append(list, statusBadge{statusOverdue, "超期未检", "red", "该气瓶已超过下次检验日期，须经检验合格后方可充装和使用。"})
	}
	if !c.Registered() {
		list = append(list, statusBadge{statusUnregistered, "未登记", "grey", "该气瓶尚未办理使用登记，不得充装和使用。"})
	}
	if len(list) == 0 {
		list = append(list, statusBadge{statusOK, "检验合格", "ok", ""})
	}
	return list
}

// overdue reports whether now is past the last day of the month next
// (yyyy-mm). A missing or malformed month is not judged here: the archive
// validates it on the way in.
func overdue(next string, now time.Time) bool {
	ym, ok := cyltrace.ParseYearMonth(next)
	if !ok {
		return false
	}
	return !now.Before(ym.LastDay().AddDate(0, 0, 1))
}
