package images

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"cyltrace"
)

// Path returns the file of the stored image with the hash sha.
//
// Errors: EINVALID when sha is not 64 lowercase hex digits (checked before
// the disk is touched); ENOTFOUND when no such image is stored.
func (s *Store) Path(sha string) (string, error) {
	path, _, err := s.find(sha)
	return path, err
}

// Open opens the stored image with the hash sha and describes it. The
// ReadCloser is an *os.File, so it is also an io.ReadSeeker for
// http.ServeContent. Errors as for Path.
func (s *Store) Open(sha string) (io.ReadCloser, Image, error) {
	path, format, err := s.find(sha)
	if err != nil {
		return nil, Image{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, Image{}, fmt.Errorf("open image %s: %w", sha, err)
	}
	im, err := describe(f, sha, format)
	if err != nil {
		f.Close()
		return nil, Image{}, fmt.Errorf("open image %s: %w", sha, err)
	}
	return f, im, nil
}

// describe reads the header of the image in f and rewinds f.
func describe(f *os.File, sha, format string) (Image, error) {
	fi, err := f.Stat()
	if err != nil {
		return Image{}, err
	}
	cfg, err := decodeConfig(f, format)
	if err != nil {
		return Image{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Image{}, err
	}
	return Image{SHA256: sha, Format: format, Width: cfg.Width, Height: cfg.Height, Size: fi.Size()}, nil
}

// find returns the path and format of the stored image with the hash sha.
func (s *Store) find(sha string) (string, string, error) {
	if !validSHA(sha) {
		return "", "", cyltrace.Errorf(cyltrace.EINVALID, "图片编号无效")
	}
	for _, format := range [...]string{FormatJPEG, FormatPNG} {
		path := s.file(sha, format)
		fi, err := os.Lstat(path)
		if err == nil && fi.Mode().IsRegular() {
			return path, format, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", "", fmt.Errorf("find image %s: %w", sha, err)
		}
	}
	return "", "", cyltrace.Errorf(cyltrace.ENOTFOUND, "图片不存在")
}

// validSHA reports whether sha is 64 lowercase hex digits, the only names
// Put gives; nothing else may reach a file path.
func validSHA(sha string) bool {
	if len(sha) != 64 {
		return false
	}
	for i := 0; i < len(sha); i++ {
		c := sha[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
