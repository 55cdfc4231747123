package api

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"cyltrace"
)

type lockRequest struct {
	CylinderID string `json:"cylinderId"`
	Reason     string `json:"reason"`
}

type unlockRequest struct {
	CylinderID string `json:"cylinderId"`
	LockID     int64  `json:"lockId"`
	Note       string `json:"note"`
}

// lock locks a cylinder against filling (a bureau's decision: 翻新, 护罩螺纹
// 连接, 举报 …); the interlock refuses it until it is unlocked.
func (a *API) lock(w http.ResponseWriter, r *http.Request) {
	var req lockRequest
	if !a.decodeBody(w, r, &req) {
		return
	}
	var fe cyltrace.FieldErrors
	if !cyltrace.ValidCylinderID(req.CylinderID) {
		fe.Add("cylinderId", cyltrace.RuleFormat, "气瓶档案ID格式不正确")
	}
	textField(&fe, "reason", req.Reason, 100, "请填写锁定原因，如：翻新、护罩螺纹连接、举报", "锁定原因")
	if err := fe.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	client := clientOf(r.Context())
	id, err := a.store.LockCylinder(r.Context(), req.CylinderID, req.Reason, "client:"+client.AppKey)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.logger.Info("cylinder locked", "cylinder", req.CylinderID, "lock", id, "by", client.AppKey)
	ok(w, struct {
		LockID int64 `json:"lockId"`
	}{id})
}

// unlock lifts one lock.
func (a *API) unlock(w http.ResponseWriter, r *http.Request) {
	var req unlockRequest
	if !a.decodeBody(w, r, &req) {
		return
	}
	var fe cyltrace.FieldErrors
	if !cyltrace.ValidCylinderID(req.CylinderID) {
		fe.Add("cylinderId", cyltrace.RuleFormat, "气瓶档案ID格式不正确")
	}
	if req.LockID <= 0 {
		fe.Add("lockId", cyltrace.RuleRequired, "请提供要解除的锁定编号 lockId")
	}
	textField(&fe, "note", req.Note, 200, "请填写解除锁定的说明", "解除锁定的说明")
	if err := fe.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	client := clientOf(r.Context())
	if err := a.store.UnlockCylinder(r.Context(), req.CylinderID, req.LockID, "client:"+client.AppKey, req.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	a.logger.Info("cylinder unlocked", "cylinder", req.CylinderID, "lock", req.LockID, "by", client.AppKey)
	ok(w, nil)
}

// decodeBody reads a JSON body strictly into v, answering the error itself.
func (a *API) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := readJSON(w, r)
	if err == nil {
		err = decodeStrict(body, v, "请求体")
	}
	if err != nil {
		a.fail(w, r, err)
		return false
	}
	return true
}

// textField checks a required free-text field of at most max characters.
func textField(fe *cyltrace.FieldErrors, field, v string, max int, missing, name string) {
	switch n := utf8.RuneCountInString(v); {
	case v == "":
		fe.Add(field, cyltrace.RuleRequired, missing)
	case n > max:
		fe.Add(field, cyltrace.RuleMaxLength, fmt.Sprintf("%s不能超过%d个字（现为%d个字）", name, max, n))
	}
}
