package console

import (
	"net/http"
	"strings"

	"cyltrace"
)

// opinion reads the step's opinion, at most 200 characters.
func opinion(r *http.Request) string {
	return firstRunes(strings.TrimSpace(r.PostFormValue("opinion")), 200)
}

// regSubmit is 提交使用登记表.
func (c *Console) regSubmit(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	if err := c.store.SubmitRegistration(r.Context(), reg.ID, sessionOf(r).User); err != nil {
		c.actionError(w, r, regPath(reg.ID, ""), err)
		return
	}
	c.setFlash(w, false, "使用登记表已提交，请在“使用登记进度”中查看办理情况")
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}

// regStep runs one of 受理, 审核, 审批 and 驳回(退件).
func (c *Console) regStep(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	u, ctx, op := sessionOf(r).User, r.Context(), opinion(r)
	var err error
	var done string
	switch r.PathValue("step") {
	case "accept":
		err, done = c.store.AcceptRegistration(ctx, reg.ID, op, u), "已受理，审核附件判为错误的气瓶不予登记并告知使用单位"
	case "audit":
		err, done = c.store.ReviewRegistration(ctx, reg.ID, op, u), "已审核"
	case "approve":
		err, done = c.store.ApproveRegistration(ctx, reg.ID, op, c.certTmpl, u), "已审批，使用登记证已生成"
	case "reject":
		if r.PostFormValue("confirm") != "1" {
			err = cyltrace.Errorf(cyltrace.EINVALID, "驳回(退件)将作废该批次申请，请勾选确认后再驳回")
			break
		}
		err, done = c.store.RejectRegistration(ctx, reg.ID, op, u), "已驳回(退件)，该批次申请已作废"
	default:
		c.notFound(w, r)
		return
	}
	if err != nil {
		c.actionError(w, r, regPath(reg.ID, ""), err)
		return
	}
	c.setFlash(w, false, done)
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}

// flowPage is 流转详情: every step with who, when and the opinion.
type flowPage struct {
	base
	Reg   *cyltrace.Registration
	Steps []*cyltrace.RegistrationStep
}

func (c *Console) regFlow(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	steps, err := c.store.RegistrationSteps(r.Context(), reg.ID)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "registration_flow", flowPage{base: c.page(w, r, "流转详情", regBase), Reg: reg, Steps: steps})
}
