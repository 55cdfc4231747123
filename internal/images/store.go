package images

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"cyltrace"
)

// MaxLimit is the largest maxBytes New accepts: Put holds a whole file in
// memory while it checks it.
const MaxLimit = 1 << 30

// Store keeps images in one directory, content-addressed. It is safe for
// concurrent use, also by several processes sharing the directory.
type Store struct {
	dir      string
	maxBytes int64
}

// Image describes a stored image.
type Image struct {
	SHA256 string // 64 lowercase hex digits of the SHA-256 of the file
	Format string // FormatJPEG or FormatPNG
	Width  int    // pixels
	Height int    // pixels
	Size   int64  // bytes
}

// ContentType returns the media type of the image, for serving it.
func (im Image) ContentType() string {
	return "image/" + im.Format
}

// New returns a Store in dir, created with mode 0700 if missing, that accepts
// files of at most maxBytes (1 to MaxLimit).
func New(dir string, maxBytes int64) (*Store, error) {
	if dir == "" {
		return nil, errors.New("images: empty directory")
	}
	if maxBytes < 1 || maxBytes > MaxLimit {
		return nil, fmt.Errorf("images: size limit %d out of range 1..%d", maxBytes, MaxLimit)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	return &Store{dir: dir, maxBytes: maxBytes}, nil
}

// Put reads one image from r, checks it and stores it, and returns what it
// stored. Storing bytes that are already stored is not an error.
//
// Errors: ETOOLARGE when r holds more than the Store's limit; EINVALID when
// it is not a JPEG or PNG, is corrupt or truncated, or is too large or too
// small in pixels; anything else (a read or disk error) is internal.
func (s *Store) Put(r io.Reader) (Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, s.maxBytes+1))
	if err != nil {
		return Image{}, fmt.Errorf("read image: %w", err)
	}
	if int64(len(data)) > s.maxBytes {
		return Image{}, tooLarge(s.maxBytes)
	}
	format := sniff(data)
	if format == "" {
		return Image{}, cyltrace.Errorf(cyltrace.EINVALID, msgNotImage)
	}
	w, h, err := inspect(data, format)
	if err != nil {
		return Image{}, err
	}
	sum := sha256.Sum256(data)
	im := Image{
		SHA256: hex.EncodeToString(sum[:]),
		Format: format,
		Width:  w,
		Height: h,
		Size:   int64(len(data)),
	}
	if err := s.write(s.file(im.SHA256, format), data); err != nil {
		return Image{}, fmt.Errorf("store image %s: %w", im.SHA256, err)
	}
	return im, nil
}

// file returns the path of the image with the hash and format.
func (s *Store) file(sha, format string) string {
	ext := ".png"
	if format == FormatJPEG {
		ext = ".jpg"
	}
	return filepath.Join(s.dir, sha[:2], sha+ext)
}

// write puts data at path atomically unless a file is there already: the
// name is the hash of the content, so an existing file holds the same bytes.
func (s *Store) write(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".put-*") // mode 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable. It is best effort: some systems
// (Windows) cannot fsync a directory, and the file itself is already synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
