package console

import (
	"fmt"
	"net/http"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/xlsx"
)

// factoryBatch is how many records one store transaction takes: the
// upload commits in batches like an API client sending 1,000 at a time.
const factoryBatch = 1000

// factoryUploadPage is the result of an Excel upload of factory records.
type factoryUploadPage struct {
	base
	Accepted, Duplicate, Rejected int
	Refused                       []refusedRow // at most maxShownRefusals
	More                          int          // refused rows not shown
}

type refusedRow struct {
	Line    int
	Product string
	Reason  string
}

const maxShownRefusals = 200

// factoryTemplate is 下载模板 of the factory workbook.
func (c *Console) factoryTemplate(w http.ResponseWriter, r *http.Request) {
	b, err := xlsx.FactoryTemplate()
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	sendFile(w, xlsxType, "出厂信息导入模板.xlsx", b)
}

// factoryUpload takes a maker's filled factory workbook: each row is
// checked like an API record (fields, maker code), the good ones are
// stored in batches with the API's idempotency (a 来源记录ID uploaded again
// is a duplicate), and the page lists every refused row with its reason.
func (c *Console) factoryUpload(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !c.isMaker(r, u) {
		c.forbidden(w, r, "只有制造单位的用户可以发布出厂信息")
		return
	}
	maker, err := c.store.Unit(r.Context(), u.UnitID)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	file, err := formFile(r, "file")
	if err != nil {
		c.actionError(w, r, factoryBase, err)
		return
	}
	defer file.Close()
	p := factoryUploadPage{}
	var batch []*cyltrace.FactoryRecord
	var lines []int
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		out, err := c.store.SubmitFactory(r.Context(), batch)
		if err != nil {
			return err
		}
		for i, o := range out {
			switch o.Status {
			case store.Accepted:
				p.Accepted++
			case store.Duplicate:
				p.Duplicate++
			default:
				p.refuse(lines[i], batch[i].ProductNumber, o.Message)
			}
		}
		batch, lines = batch[:0], lines[:0]
		return nil
	}
	now := c.now()
	err = xlsx.ReadFactory(file, xlsx.TemplateRows, func(row xlsx.FactoryRow) error {
		f := row.Record
		f.UnitID, f.MakerName = maker.ID, maker.Name
		if err := firstErr(row.Err, f.Validate(now), f.CheckMaker(maker)); err != nil {
			p.refuse(row.Number, f.ProductNumber, errorText(err))
			return nil
		}
		batch, lines = append(batch, &f), append(lines, row.Number)
		if len(batch) == factoryBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil && p.Accepted+p.Duplicate == 0 {
		c.actionError(w, r, factoryBase, err)
		return
	}
	p.base = c.page(w, r, "出厂信息导入结果", factoryBase)
	if err != nil { // a later batch failed: say what was stored before it
		p.Flash = &flash{Error: true, Text: fmt.Sprintf("导入中断：%s（此前的 %d 条已保存）", errorText(err), p.Accepted)}
	}
	c.render(w, r, http.StatusOK, "factory_upload", p)
}

func (p *factoryUploadPage) refuse(line int, product, reason string) {
	p.Rejected++
	if len(p.Refused) < maxShownRefusals {
		p.Refused = append(p.Refused, refusedRow{Line: line, Product: product, Reason: reason})
	} else {
		p.More++
	}
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
