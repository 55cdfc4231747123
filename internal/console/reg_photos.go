package console

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"cyltrace"
	"cyltrace/internal/images"
	"cyltrace/internal/store"
)

const (
	thumbSide     = 96   // pixels of a thumbnail's longer side
	thumbCacheMax = 4096 // thumbnails kept in memory, a few KB each
)

// thumbCache keeps thumbnails by their photo's SHA-256: a list page shows
// up to 80, and decoding a phone's 5 MB photo for each view would cost
// seconds. Full, it keeps what it has and makes the rest on demand.
type thumbCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (t *thumbCache) get(sha string, thumbnail func() ([]byte, error)) ([]byte, error) {
	t.mu.Lock()
	b, ok := t.m[sha]
	t.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := thumbnail()
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	if t.m == nil {
		t.m = make(map[string][]byte)
	}
	if len(t.m) < thumbCacheMax {
		t.m[sha] = b
	}
	t.mu.Unlock()
	return b, nil
}

// formFile returns the uploaded file of a multipart form's field.
func formFile(r *http.Request, field string) (multipart.File, error) {
	f, _, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "请选择要上传的文件")
	}
	if err != nil {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "上传的文件无法读取：%v", err)
	}
	return f, nil
}

// itemOf reads the URL's {item} of the application.
func (c *Console) itemOf(w http.ResponseWriter, r *http.Request, reg *cyltrace.Registration) *cyltrace.RegistrationItem {
	id, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err == nil {
		var it *cyltrace.RegistrationItem
		if it, err = c.store.RegistrationItem(r.Context(), reg.ID, id); err == nil {
			return it
		}
	}
	c.actionError(w, r, regPath(reg.ID, ""), cyltrace.Errorf(cyltrace.ENOTFOUND, "该气瓶不在此申请中"))
	return nil
}

// regItemPhotos uploads photos of one cylinder, all of the chosen kind.
func (c *Console) regItemPhotos(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	it := c.itemOf(w, r, reg)
	if it == nil {
		return
	}
	kind := r.PostFormValue("kind")
	var saved int
	var failed []string
	for _, fh := range uploads(r) {
		if err := c.savePhoto(r, reg, it, kind, fh); err != nil {
			failed = append(failed, fh.Filename+"："+errorText(err))
			continue
		}
		saved++
	}
	c.photoResult(w, r, reg, saved, failed)
}

// uploads returns the files of the form's field photos.
func uploads(r *http.Request) []*multipart.FileHeader {
	if r.MultipartForm == nil {
		return nil
	}
	return r.MultipartForm.File["photos"]
}

func (c *Console) photoResult(w http.ResponseWriter, r *http.Request, reg *cyltrace.Registration, saved int, failed []string) {
	msg := fmt.Sprintf("已上传 %d 张照片", saved)
	if saved == 0 && len(failed) == 0 {
		msg = "请选择要上传的照片"
	}
	if len(failed) > 0 {
		msg += fmt.Sprintf("，%d 张未上传：%s", len(failed), strings.Join(failed, "；"))
	}
	c.setFlash(w, len(failed) > 0 || saved == 0, truncateRunes(msg, 500))
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}

func truncateRunes(s string, n int) string {
	if c := firstRunes(s, n); c != s {
		return c + "…"
	}
	return s
}

// firstRunes keeps at most n characters of s (runes, not bytes).
func firstRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// savePhoto checks and stores one upload and attaches it to the cylinder.
func (c *Console) savePhoto(r *http.Request, reg *cyltrace.Registration, it *cyltrace.RegistrationItem, kind string,
	fh *multipart.FileHeader) error {
	if c.images == nil {
		return errors.New("照片存储未配置")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	im, err := c.images.Put(f)
	if err != nil {
		return err
	}
	p := &cyltrace.RegistrationPhoto{Kind: kind, SHA256: im.SHA256, Format: im.Format}
	return c.store.AddRegistrationPhoto(r.Context(), reg.ID, it.ID, p, sessionOf(r).User)
}

// regBulkPhotos uploads photos whose file names begin with the product
// number: A030105_钢印.jpg, A030105-2.png, A030105.jpg. A name holding 证书
// or 监检 is a certificate photo, any other a steel stamp.
func (c *Console) regBulkPhotos(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	var saved int
	var failed []string
	for _, fh := range uploads(r) {
		it, err := c.itemByFileName(r, reg, fh.Filename)
		if err == nil {
			err = c.savePhoto(r, reg, it, photoKind(fh.Filename), fh)
		}
		if err != nil {
			failed = append(failed, fh.Filename+"："+errorText(err))
			continue
		}
		saved++
	}
	c.photoResult(w, r, reg, saved, failed)
}

// itemByFileName finds the cylinder a file name names: the whole base name,
// or the base name cut at its last "_" or "-", again and again.
func (c *Console) itemByFileName(r *http.Request, reg *cyltrace.Registration, name string) (*cyltrace.RegistrationItem, error) {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(name, `\`, "/")), path.Ext(name))
	for candidate := base; candidate != ""; {
		items, _, err := c.store.RegistrationItems(r.Context(), store.ItemFilter{RegistrationID: reg.ID, ProductNumber: candidate, Limit: 2})
		if err != nil {
			return nil, err
		}
		if len(items) == 1 {
			return items[0], nil
		}
		if len(items) > 1 {
			return nil, cyltrace.Errorf(cyltrace.ECONFLICT, "本申请中有多只产品编号为 %s 的气瓶，请在清单中逐只上传", candidate)
		}
		cut := strings.LastIndexAny(candidate, "_-")
		if cut < 0 {
			break
		}
		candidate = candidate[:cut]
	}
	return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "文件名中没有本申请中气瓶的产品编号")
}

func photoKind(name string) string {
	lower := strings.ToLower(name)
	if strings.Contains(name, "证书") || strings.Contains(name, "监检") || strings.Contains(lower, "cert") {
		return cyltrace.PhotoCertificate
	}
	return cyltrace.PhotoStamp
}

// regPhotoDelete removes one photo of a draft.
func (c *Console) regPhotoDelete(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err := c.store.DeleteRegistrationPhoto(r.Context(), reg.ID, id, sessionOf(r).User); err != nil {
		c.actionError(w, r, regPath(reg.ID, ""), err)
		return
	}
	c.setFlash(w, false, "照片已删除")
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}

// regItemDelete removes a cylinder from a draft.
func (c *Console) regItemDelete(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err := c.store.DeleteRegistrationItem(r.Context(), reg.ID, id, sessionOf(r).User); err != nil {
		c.actionError(w, r, regPath(reg.ID, ""), err)
		return
	}
	c.setFlash(w, false, "气瓶已从申请中删除")
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}

// regPhoto serves a photo, or its thumbnail, to whoever may open the
// application.
func (c *Console) regPhoto(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	p, err := c.store.RegistrationPhoto(r.Context(), reg.ID, id)
	if err != nil || c.images == nil {
		c.notFound(w, r)
		return
	}
	f, im, err := c.images.Open(p.SHA256)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// A photo never changes under its id (it is deleted, never replaced):
	// the user's browser may keep it, no shared cache may.
	w.Header().Set("Cache-Control", "private, max-age=86400")
	if strings.HasSuffix(r.URL.Path, "/thumb") {
		b, err := c.thumbs.get(p.SHA256, func() ([]byte, error) { return images.Thumbnail(f, thumbSide) })
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(b)
		return
	}
	w.Header().Set("Content-Type", im.ContentType())
	io.Copy(w, f)
}
