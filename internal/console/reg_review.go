package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"cyltrace"
	"cyltrace/internal/store"
)

// reviewPage is 审核附件 (figure 9): one cylinder a page, its data beside its
// photos, 正确 chosen unless it was judged 错误 before; 下一页 saves the
// choice and opens the next one, 完成 on the last page saves and returns.
type reviewPage struct {
	base
	Reg    *cyltrace.Registration
	N      int // 1-based position of the cylinder
	Item   itemRow
	Wrong  bool
	Counts store.ReviewCounts
	Last   bool
	Prev   string
}

func (c *Console) regReviewForm(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	u := sessionOf(r).User
	if reg.State != cyltrace.RegSubmitted || !u.HasRole(cyltrace.DistrictAcceptor) {
		c.actionError(w, r, regPath(reg.ID, ""), cyltrace.Errorf(cyltrace.ECONFLICT, "当前不能审核附件：申请状态为%s", reg.State))
		return
	}
	counts, err := c.store.RegistrationReviewCounts(r.Context(), reg.ID)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	n = min(max(n, 1), max(counts.Total, 1))
	items, _, err := c.store.RegistrationItems(r.Context(), store.ItemFilter{RegistrationID: reg.ID, Limit: 1, Offset: n - 1})
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if len(items) == 0 {
		c.notFound(w, r)
		return
	}
	photos, err := c.store.RegistrationPhotos(r.Context(), reg.ID, []int64{items[0].ID})
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := reviewPage{base: c.page(w, r, "审核附件", regBase), Reg: reg, N: n, Item: itemRowOf(items[0]),
		Wrong: items[0].Review == cyltrace.ReviewWrong, Counts: counts, Last: n >= counts.Total}
	p.Item.Photos = photos[items[0].ID]
	if n > 1 {
		p.Prev = regPath(reg.ID, "/review?n="+strconv.Itoa(n-1))
	}
	c.render(w, r, http.StatusOK, "registration_review", p)
}

// regReviewSave saves one verdict and moves on.
func (c *Console) regReviewSave(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	item, _ := strconv.ParseInt(r.PostFormValue("item"), 10, 64)
	n, _ := strconv.Atoi(r.PostFormValue("n"))
	verdict := r.PostFormValue("verdict")
	note := firstRunes(strings.TrimSpace(r.PostFormValue("note")), 200)
	if err := c.store.ReviewItem(r.Context(), reg.ID, item, verdict, note, sessionOf(r).User); err != nil {
		c.actionError(w, r, regPath(reg.ID, "/review?n="+strconv.Itoa(n)), err)
		return
	}
	if r.PostFormValue("done") != "" {
		counts, err := c.store.RegistrationReviewCounts(r.Context(), reg.ID)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		msg := fmt.Sprintf("附件审核已保存：共 %d 条，已审核 %d 条，通过 %d 条，未通过 %d 条", counts.Total, counts.Reviewed, counts.Passed, counts.Failed)
		if counts.Reviewed < counts.Total {
			msg += "；尚有未审核的气瓶"
		}
		c.setFlash(w, counts.Reviewed < counts.Total, msg)
		http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, regPath(reg.ID, "/review?n="+strconv.Itoa(n+1)), http.StatusSeeOther)
}
