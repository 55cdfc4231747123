package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/xlsx"
)

// Multipart limits: the body of an import and of a photo upload. Parts
// beyond multipartMemory go to temporary files, removed by net/http after
// the request.
const (
	maxImportBody   = xlsx.MaxFileBytes + 1<<20
	maxPhotoBody    = 64 << 20
	multipartMemory = 8 << 20
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// regTemplate is 下载模板.
func (c *Console) regTemplate(w http.ResponseWriter, r *http.Request) {
	b, err := xlsx.Template()
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	sendFile(w, xlsxType, "气瓶信息导入模板.xlsx", b)
}

// sendFile answers a download with its name, in RFC 5987 form for the
// Chinese characters.
func sendFile(w http.ResponseWriter, contentType, name string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="download"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(b)
}

// regImport is 导入 → 确认导入: each row is checked with the domain rules and
// for duplicates; good rows join the application, bad ones are kept for
// 下载错误数据. The sheet is streamed into one transaction.
func (c *Console) regImport(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	back := regPath(reg.ID, "")
	file, err := formFile(r, "file")
	if err != nil {
		c.actionError(w, r, back, err)
		return
	}
	defer file.Close()
	region := r.PostFormValue("regionCode")
	if _, ok := cyltrace.LookupRegion(region); !ok {
		c.actionError(w, r, back, cyltrace.Errorf(cyltrace.EINVALID, "请选择区县"))
		return
	}
	if region != reg.RegionCode {
		c.actionError(w, r, back, cyltrace.Errorf(cyltrace.EINVALID,
			"所选区县（%s）与申请表中安管部门所在区县（%s）不一致：一份申请由一个区县局受理，请分别申请或修改申请表",
			regionName(region), regionName(reg.RegionCode)))
		return
	}
	now := c.now()
	res, err := c.store.ImportRegistration(r.Context(), reg.ID, sessionOf(r).User, func(add func(store.ImportRow) error) error {
		return xlsx.Read(file, xlsx.TemplateRows, func(row xlsx.Row) error {
			return add(checkImportRow(reg, row, now))
		})
	})
	if err != nil {
		c.actionError(w, r, back, err)
		return
	}
	msg := fmt.Sprintf("导入完成：成功 %d 只，未导入 %d 只", res.Imported, res.Refused)
	if res.Imported > 0 {
		msg += fmt.Sprintf("（与出厂信息一致 %d 只，无出厂信息 %d 只）", res.Matched, res.NotFound)
	}
	if res.Refused > 0 {
		msg += "，请“下载错误数据”查看原因，修改后重新导入"
	}
	c.setFlash(w, res.Refused > 0, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// checkImportRow fills what the application decides (the unit, the
// district, and 在用 for an empty status) and collects the reasons to
// refuse the row.
func checkImportRow(reg *cyltrace.Registration, row xlsx.Row, now time.Time) store.ImportRow {
	out := store.ImportRow{Line: row.Number, Cylinder: row.Cylinder}
	c := &out.Cylinder
	if row.Err != nil {
		out.Reasons = append(out.Reasons, errorText(row.Err))
	}
	switch c.UseUnitName {
	case "":
		c.UseUnitName = reg.UnitName
	case reg.UnitName:
	default:
		out.Reasons = append(out.Reasons, fmt.Sprintf("使用单位名称“%s”与申请单位“%s”不一致", c.UseUnitName, reg.UnitName))
	}
	switch c.RegionCode {
	case "":
		c.RegionCode = reg.RegionCode
	case reg.RegionCode:
	default:
		out.Reasons = append(out.Reasons, fmt.Sprintf("设备区域 %s 与所选区县 %s 不一致", c.RegionCode, regionName(reg.RegionCode)))
	}
	if c.Status == "" {
		c.Status = cyltrace.StatusInUse
	}
	if row.Err == nil {
		out.Reasons = append(out.Reasons, fieldMessages(c.Validate(now))...)
	}
	return out
}

// fieldMessages lists the messages of a validation error, one per field.
func fieldMessages(err error) []string {
	var e *cyltrace.Error
	if !errors.As(err, &e) {
		if err != nil {
			return []string{err.Error()}
		}
		return nil
	}
	if len(e.Fields) == 0 {
		return []string{e.Message}
	}
	out := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = f.Message
	}
	return out
}
