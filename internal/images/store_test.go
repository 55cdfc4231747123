package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cyltrace"
)

func TestNewCreatesPrivateDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "images")
	if _, err := New(dir, 5<<20); err != nil {
		t.Fatalf("New: %v", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode = %o, want 700", got)
	}
	for _, max := range []int64{0, -1, MaxLimit + 1} {
		if _, err := New(dir, max); err == nil {
			t.Errorf("New(dir, %d) = nil error, want one", max)
		}
	}
}

func TestPutStoresAndFindsByHash(t *testing.T) {
	s := mustStore(t, 5<<20)
	tests := []struct {
		name, format, ext string
		data              []byte
	}{
		{"jpeg", FormatJPEG, ".jpg", mustJPEG(t, 120, 90)},
		{"png", FormatPNG, ".png", mustPNG(t, 100, 64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im, err := s.Put(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("Put: %v", err)
			}
			sum := sha256.Sum256(tt.data)
			want := Image{SHA256: hex.EncodeToString(sum[:]), Format: tt.format,
				Width: 120, Height: 90, Size: int64(len(tt.data))}
			if tt.format == FormatPNG {
				want.Width, want.Height = 100, 64
			}
			if im != want {
				t.Errorf("Put = %+v, want %+v", im, want)
			}
			path, err := s.Path(im.SHA256)
			if err != nil {
				t.Fatalf("Path: %v", err)
			}
			if want := filepath.Join(s.dir, im.SHA256[:2], im.SHA256+tt.ext); path != want {
				t.Errorf("Path = %q, want %q", path, want)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("file mode = %o, want 600", got)
			}
			rc, opened, err := s.Open(im.SHA256)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.data) {
				t.Errorf("Open read %d bytes, want the %d stored", len(got), len(tt.data))
			}
			if opened != want {
				t.Errorf("Open described %+v, want %+v", opened, want)
			}
			if ct, wantCT := opened.ContentType(), "image/"+tt.format; ct != wantCT {
				t.Errorf("ContentType = %q, want %q", ct, wantCT)
			}
		})
	}
}

func TestPutSameBytesTwiceKeepsOneFile(t *testing.T) {
	s := mustStore(t, 5<<20)
	data := mustPNG(t, 80, 80)
	first, err := s.Put(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("first Put: %v", err)
	}
	second, err := s.Put(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("second Put: %v", err)
	}
	if first != second {
		t.Errorf("second Put = %+v, want %+v", second, first)
	}
	var files []string
	filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if len(files) != 1 {
		t.Errorf("files = %q, want exactly one (no temporary files left)", files)
	}
}

func TestPutRefusesOversize(t *testing.T) {
	s := mustStore(t, 1000)
	big := append(mustPNG(t, 64, 64), make([]byte, 1000)...)
	_, err := s.Put(bytes.NewReader(big))
	e := wantCode(t, err, cyltrace.ETOOLARGE)
	if want := "图片不能超过 1000 字节"; e.Message != want {
		t.Errorf("message = %q, want %q", e.Message, want)
	}
	// Exactly at the limit is not too large (it fails later, as not an image).
	_, err = s.Put(bytes.NewReader(make([]byte, 1000)))
	wantCode(t, err, cyltrace.EINVALID)
}

func TestHumanSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{5 << 20, "5 MiB"}, {512 << 10, "512 KiB"}, {1000, "1000 字节"}, {(5 << 20) + 1, "5242881 字节"},
	}
	for _, tt := range tests {
		if got := humanSize(tt.n); got != tt.want {
			t.Errorf("humanSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPathAndOpenRefuseBadSHA(t *testing.T) {
	s := mustStore(t, 5<<20)
	valid := strings.Repeat("ab", 32)
	for _, sha := range []string{
		"", "../../etc/passwd", valid[:63], valid + "0", strings.ToUpper(valid),
		"../" + valid[3:], valid[:62] + "/x", valid[:63] + "g", valid[:63] + "\x00",
	} {
		if _, err := s.Path(sha); cyltrace.ErrorCode(err) != cyltrace.EINVALID {
			t.Errorf("Path(%q) error = %v, want EINVALID", sha, err)
		}
		if rc, _, err := s.Open(sha); cyltrace.ErrorCode(err) != cyltrace.EINVALID || rc != nil {
			t.Errorf("Open(%q) = %v, %v, want nil, EINVALID", sha, rc, err)
		}
	}
	if _, err := s.Path(valid); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("Path(unknown) error = %v, want ENOTFOUND", err)
	}
	if _, _, err := s.Open(valid); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("Open(unknown) error = %v, want ENOTFOUND", err)
	}
}
