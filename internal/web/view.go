package web

import (
	"time"

	"cyltrace"
)

// publicCylinder is what anyone may see of a cylinder: the scan page shows
// it and GET /q/{infoCode}.json returns it, so the two cannot disagree.
// Names of people are masked (publicName); the archive id, qrContent, the
// certificate number and the unit's internal number are left out.
type publicCylinder struct {
	InfoCode           string           `json:"infoCode"`
	UseUnitName        string           `json:"useUnitName"`
	VarietyCode        string           `json:"varietyCode"`
	VarietyName        string           `json:"varietyName"`
	VolumeL            cyltrace.Decimal `json:"volumeL"`
	ProductNumber      string           `json:"productNumber"`
	MediumCode         string           `json:"mediumCode"`
	MediumName         string           `json:"mediumName"`
	NextInspectionDate string           `json:"nextInspectionDate"` // yyyy-mm: in date through the month's last day
	RegistrationDate   string           `json:"registrationDate"`
	ManufactureDate    string           `json:"manufactureDate"`
	Manufacturer       string           `json:"manufacturer"`
	Status             string           `json:"status"` // 使用状态: 在用, 停用, 报废
	Statuses           []statusBadge    `json:"statuses"`
	Trail              []trailNode      `json:"trail"` // newest first
	// Factory is the maker's published data of the cylinder, when there is any.
	Factory *publicFactory `json:"factory,omitempty"`
}

// publicFactory is what the public sees of the maker's factory data: the
// supervision-inspection certificate and the maker's own traceability page.
type publicFactory struct {
	SupervisionCertNo string `json:"supervisionCertNo"`
	TraceCode         string `json:"traceCode,omitempty"`
	TraceURL          string `json:"traceUrl,omitempty"`
}

// trailNode is one node of the public trail.
type trailNode struct {
	Node      string `json:"node"`
	Time      string `json:"time"`      // yyyy-MM-dd HH:mm:ss, CST
	ActorName string `json:"actorName"` // masked when it is a person's name
}

// Date returns the node's date, yyyy-mm-dd.
func (t trailNode) Date() string {
	if len(t.Time) < len("2006-01-02") {
		return t.Time
	}
	return t.Time[:len("2006-01-02")]
}

// newPublicCylinder builds the public view of c and its trail (newest
// first) with its badges as of now.
func newPublicCylinder(c *cyltrace.Cylinder, trail []*cyltrace.TrailEvent, now time.Time) publicCylinder {
	v := publicCylinder{
		InfoCode:           c.InfoCode,
		UseUnitName:        publicName(c.UseUnitName),
		VarietyCode:        c.VarietyCode,
		VolumeL:            c.VolumeL,
		ProductNumber:      c.ProductNumber,
		MediumCode:         c.MediumCode,
		NextInspectionDate: c.NextInspectionDate,
		RegistrationDate:   c.RegistrationDate,
		ManufactureDate:    c.ManufactureDate,
		Manufacturer:       c.Manufacturer,
		Status:             c.Status,
		Statuses:           statuses(c, now),
		Trail:              make([]trailNode, 0, len(trail)),
	}
	if m, ok := cyltrace.LookupMedium(c.MediumCode); ok {
		v.MediumName = m.Name
	}
	if vr, ok := cyltrace.LookupVariety(c.VarietyCode); ok {
		v.VarietyName = vr.Name
	}
	for _, t := range trail {
		v.Trail = append(v.Trail, trailNode{Node: t.Node, Time: t.Time, ActorName: publicName(t.ActorName)})
	}
	return v
}
