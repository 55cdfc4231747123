package console

import (
	"fmt"
	"net/http"

	"cyltrace"
	"cyltrace/internal/pdf"
	"cyltrace/internal/xlsx"
)

// regErrors is 下载错误数据: the rows the last import refused, with 错误原因.
func (c *Console) regErrors(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	rejects, err := c.store.RegistrationRejects(r.Context(), reg.ID)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	rows := make([]xlsx.FailedRow, len(rejects))
	for i, rj := range rejects {
		rows[i] = xlsx.FailedRow{Number: rj.Line, Cylinder: rj.Cylinder, Reasons: rj.Reasons}
	}
	b, err := xlsx.ErrorWorkbook(rows)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	sendFile(w, xlsxType, fmt.Sprintf("使用登记申请%d-错误数据.xlsx", reg.ID), b)
}

// regCertificate is the printable 使用登记证 of an approved application: the
// unit's certificate in the district with every cylinder it covers.
func (c *Console) regCertificate(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	cert, cyls, err := c.store.CertificateOf(r.Context(), reg.ID)
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		c.actionError(w, r, regPath(reg.ID, ""), err)
		return
	}
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	doc := pdf.Certificate{Number: cert.Number, Authority: cert.Authority, Date: cert.IssuedAt,
		UnitName: reg.UnitName, UnitCode: reg.UnitCode, Address: regionName(reg.RegionCode) + reg.Address}
	for _, cy := range cyls {
		doc.Cylinders = append(doc.Cylinders, certRow(cy))
		doc.Date = max(doc.Date, cy.RegistrationDate) // the date of the latest issue
	}
	b, err := pdf.CertificatePDF(doc)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="certificate.pdf"`)
	w.Write(b)
}

func certRow(cy *cyltrace.Cylinder) pdf.CertificateCylinder {
	state := "新增"
	if cy.Status != cyltrace.StatusInUse {
		state = cy.Status // 停用 or 报废
	}
	tag := cy.TagType
	if tag == "" {
		tag = "无"
	}
	return pdf.CertificateCylinder{Variety: varietyName(cy.VarietyCode), ProductNumber: cy.ProductNumber,
		Medium: mediumName(cy.MediumCode), Manufacturer: cy.Manufacturer, ManufactureDate: cy.ManufactureDate,
		NominalPressure: cy.NominalPressureMPa.String(), Volume: cy.VolumeL.String(),
		LastInspection: cy.LastInspectionDate, NextInspection: cy.NextInspectionDate,
		InternalNumber: cy.UnitInternalNumber, RegistrationState: state, TagType: tag,
		RegistrationDate: cy.RegistrationDate}
}
