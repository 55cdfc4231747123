package cyltrace

import (
	"testing"
	"time"
)

func validFilling() Filling {
	return Filling{
		SourceID:        "FILL-2024-000001",
		CylinderID:      "CY0123456789ABCDEF",
		MediumCode:      MediumLPG,
		Filler:          "张三",
		FillingDate:     "2024-06-15",
		FillingUnitName: "重庆玉灵燃气有限公司",
		FillingTime:     "2024-06-15 09:30:00",
	}
}

func TestFillingValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(f *Filling)
		want   []string
	}{
		{"the good record", func(f *Filling) {}, nil},
		{"sourceId empty", func(f *Filling) { f.SourceID = "" }, []string{"sourceId/required"}},
		{"sourceId space", func(f *Filling) { f.SourceID = "FILL 1" }, []string{"sourceId/format"}},
		{"sourceId Chinese", func(f *Filling) { f.SourceID = "充装1" }, []string{"sourceId/format"}},
		{"sourceId newline", func(f *Filling) { f.SourceID = "F1\n" }, []string{"sourceId/format"}},
		{"sourceId 64 chars", func(f *Filling) { f.SourceID = runes("a", 64) }, nil},
		{"sourceId 65 chars", func(f *Filling) { f.SourceID = runes("a", 65) }, []string{"sourceId/max_length"}},
		{"no reference", func(f *Filling) { f.CylinderID = "" }, []string{"cylinderId/required"}},
		{"cylinderId bad", func(f *Filling) { f.CylinderID = "12345" }, []string{"cylinderId/format"}},
		{"infoCode instead", func(f *Filling) { f.CylinderID, f.InfoCode = "", "CQ0123456789ABCDEF" }, nil},
		{"infoCode bad beside a good id", func(f *Filling) { f.InfoCode = "CQ0123" }, []string{"infoCode/format"}},
		{"mediumCode empty", func(f *Filling) { f.MediumCode = "" }, []string{"mediumCode/required"}},
		{"mediumCode G21", func(f *Filling) { f.MediumCode = "G21" }, []string{"mediumCode/code"}},
		{"filler empty", func(f *Filling) { f.Filler = "" }, []string{"filler/required"}},
		{"filler 10 chars", func(f *Filling) { f.Filler = runes("娜", 10) }, nil},
		{"filler 11 chars", func(f *Filling) { f.Filler = runes("娜", 11) }, []string{"filler/max_length"}},
		{"fillingDate empty", func(f *Filling) { f.FillingDate, f.FillingTime = "", "" }, []string{"fillingDate/required"}},
		{"fillingDate 2024-02-30", func(f *Filling) { f.FillingDate, f.FillingTime = "2024-02-30", "" }, []string{"fillingDate/format"}},
		{"fillingDate tomorrow", func(f *Filling) { f.FillingDate, f.FillingTime = "2024-06-16", "" }, []string{"fillingDate/future"}},
		{"fillingDate leap day", func(f *Filling) { f.FillingDate, f.FillingTime = "2024-02-29", "" }, nil},
		{"fillingUnitName empty", func(f *Filling) { f.FillingUnitName = "" }, []string{"fillingUnitName/required"}},
		{"fillingUnitName 101 chars", func(f *Filling) { f.FillingUnitName = runes("气", 101) }, []string{"fillingUnitName/max_length"}},
		{"fillingTime empty", func(f *Filling) { f.FillingTime = "" }, nil},
		{"fillingTime one-digit hour", func(f *Filling) { f.FillingTime = "2024-06-15 9:30:00" }, []string{"fillingTime/format"}},
		{"fillingTime ISO T", func(f *Filling) { f.FillingTime = "2024-06-15T09:30:00" }, []string{"fillingTime/format"}},
		{"fillingTime hour 24", func(f *Filling) { f.FillingTime = "2024-06-15 24:00:00" }, []string{"fillingTime/format"}},
		{"fillingTime within skew", func(f *Filling) { f.FillingTime = "2024-06-15 10:04:59" }, nil},
		{"fillingTime beyond skew", func(f *Filling) { f.FillingTime = "2024-06-15 10:05:01" }, []string{"fillingTime/future"}},
		{"fillingTime another day", func(f *Filling) { f.FillingTime = "2024-06-14 23:59:59" }, []string{"fillingTime/match"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFilling()
			tt.mutate(&f)
			checkFields(t, f.Validate(testNow), tt.want...)
		})
	}
}

// Today is today in Chongqing, whatever the zone of the clock passed in.
func TestFillingValidateTodayInCST(t *testing.T) {
	f := validFilling()
	f.FillingTime = ""
	now := time.Date(2024, 6, 14, 20, 0, 0, 0, time.UTC) // 2024-06-15 04:00 CST
	checkFields(t, f.Validate(now))
	now = time.Date(2024, 6, 14, 15, 59, 0, 0, time.UTC) // 2024-06-14 23:59 CST
	checkFields(t, f.Validate(now), "fillingDate/future")
}

func TestFillingValidateReportsEveryField(t *testing.T) {
	f := Filling{FillingTime: "x"}
	checkFields(t, f.Validate(testNow), "sourceId/required", "cylinderId/required", "mediumCode/required",
		"filler/required", "fillingDate/required", "fillingUnitName/required", "fillingTime/format")
}

func validInspection() Inspection {
	return Inspection{
		SourceID:           "INSP-1",
		InfoCode:           "CQ0123456789ABCDEF",
		InspectionDate:     "2024-05-20",
		InspectionAgency:   "重庆市特种设备检测研究院",
		NextInspectionDate: "2028-05",
		Conclusion:         "合格",
		InspectionType:     InspectionPeriodic,
	}
}

func TestInspectionValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(i *Inspection)
		want   []string
	}{
		{"the good record", func(i *Inspection) {}, nil},
		{"sourceId empty", func(i *Inspection) { i.SourceID = "" }, []string{"sourceId/required"}},
		{"no reference", func(i *Inspection) { i.InfoCode = "" }, []string{"cylinderId/required"}},
		{"infoCode lowercase", func(i *Inspection) { i.InfoCode = "cq0123456789abcdef" }, []string{"infoCode/format"}},
		{"inspectionDate empty", func(i *Inspection) { i.InspectionDate = "" }, []string{"inspectionDate/required"}},
		{"inspectionDate day 32", func(i *Inspection) { i.InspectionDate = "2024-05-32" }, []string{"inspectionDate/format"}},
		{"inspectionDate tomorrow", func(i *Inspection) { i.InspectionDate = "2024-06-16" }, []string{"inspectionDate/future"}},
		{"inspectionAgency empty", func(i *Inspection) { i.InspectionAgency = "" }, []string{"inspectionAgency/required"}},
		{"inspectionAgency 101 chars", func(i *Inspection) { i.InspectionAgency = runes("院", 101) }, []string{"inspectionAgency/max_length"}},
		{"conclusion empty", func(i *Inspection) { i.Conclusion = "" }, []string{"conclusion/required"}},
		{"conclusion 10 chars", func(i *Inspection) { i.Conclusion = runes("可", 10) }, nil},
		{"conclusion 11 chars", func(i *Inspection) { i.Conclusion = runes("可", 11) }, []string{"conclusion/max_length"}},
		{"inspectionType empty", func(i *Inspection) { i.InspectionType = "" }, []string{"inspectionType/required"}},
		{"inspectionType unknown", func(i *Inspection) { i.InspectionType = "年检" }, []string{"inspectionType/code"}},
		{"nextInspectionDate missing for 定期", func(i *Inspection) { i.NextInspectionDate = "" }, []string{"nextInspectionDate/required"}},
		{"nextInspectionDate missing for 报废处置", func(i *Inspection) {
			i.InspectionType, i.NextInspectionDate = InspectionScrap, ""
		}, nil},
		{"nextInspectionDate format", func(i *Inspection) { i.NextInspectionDate = "2028-5" }, []string{"nextInspectionDate/format"}},
		{"nextInspectionDate the inspection month", func(i *Inspection) { i.NextInspectionDate = "2024-05" }, []string{"nextInspectionDate/order"}},
		{"nextInspectionDate before, 报废处置", func(i *Inspection) {
			i.InspectionType, i.NextInspectionDate = InspectionScrap, "2024-04"
		}, []string{"nextInspectionDate/order"}},
		{"nextInspectionDate the month after", func(i *Inspection) { i.NextInspectionDate = "2024-06" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := validInspection()
			tt.mutate(&i)
			checkFields(t, i.Validate(testNow), tt.want...)
		})
	}
}

func TestInspectionValidateReportsEveryField(t *testing.T) {
	i := validInspection()
	i.InspectionDate = "2024-13-01"
	i.InspectionAgency = ""
	i.InspectionType = "定检"
	i.Conclusion = " 合格"
	checkFields(t, i.Validate(testNow), "inspectionDate/format", "inspectionAgency/required",
		"inspectionType/code", "conclusion/format")
}

func validTrail() TrailEvent {
	return TrailEvent{
		SourceID:   "TR-1",
		CylinderID: "CY0123456789ABCDEF",
		Time:       "2024-06-15 08:00:00",
		Node:       NodeDelivery,
		ActorName:  "重庆玉灵燃气有限公司",
	}
}

func TestTrailEventValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(e *TrailEvent)
		want   []string
	}{
		{"the good record", func(e *TrailEvent) {}, nil},
		{"sourceId 65 chars", func(e *TrailEvent) { e.SourceID = runes("9", 65) }, []string{"sourceId/max_length"}},
		{"no reference", func(e *TrailEvent) { e.CylinderID = "" }, []string{"cylinderId/required"}},
		{"cylinderId with U", func(e *TrailEvent) { e.CylinderID = "CYU123456789ABCDEF" }, []string{"cylinderId/format"}},
		{"time empty", func(e *TrailEvent) { e.Time = "" }, []string{"time/required"}},
		{"time date only", func(e *TrailEvent) { e.Time = "2024-06-15" }, []string{"time/format"}},
		{"time slashes", func(e *TrailEvent) { e.Time = "2020/12/31 08:00:00" }, []string{"time/format"}},
		{"time fraction", func(e *TrailEvent) { e.Time = "2024-06-15 08:00:00.5" }, []string{"time/format"}},
		{"time in the future", func(e *TrailEvent) { e.Time = "2024-06-15 10:10:00" }, []string{"time/future"}},
		{"node empty", func(e *TrailEvent) { e.Node = "" }, []string{"node/required"}},
		{"node unknown", func(e *TrailEvent) { e.Node = "运输" }, []string{"node/code"}},
		{"node 检验", func(e *TrailEvent) { e.Node = NodeInspection }, nil},
		{"actorName empty", func(e *TrailEvent) { e.ActorName = "" }, []string{"actorName/required"}},
		{"actorName 100 chars", func(e *TrailEvent) { e.ActorName = runes("司", 100) }, nil},
		{"actorName 101 chars", func(e *TrailEvent) { e.ActorName = runes("司", 101) }, []string{"actorName/max_length"}},
		{"actorName trailing space", func(e *TrailEvent) { e.ActorName = "李四 " }, []string{"actorName/format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validTrail()
			tt.mutate(&e)
			checkFields(t, e.Validate(testNow), tt.want...)
		})
	}
}

func TestTrailEventValidateReportsEveryField(t *testing.T) {
	e := TrailEvent{SourceID: "a b", InfoCode: "x", Time: "now", Node: "x"}
	checkFields(t, e.Validate(testNow), "sourceId/format", "infoCode/format", "time/format",
		"node/code", "actorName/required")
}
