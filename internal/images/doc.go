// Package images stores the photos that come with the data — the steel stamp
// of a cylinder, later certificates — under the data directory, addressed by
// the SHA-256 of their bytes.
//
// # What is accepted
//
// Only JPEG and PNG, recognised by their first bytes (never by a file name or
// a client's Content-Type). A file must decode completely: a truncated or
// corrupt upload is refused rather than stored and found broken later. The
// declared size is checked before the full decode, so that a small file
// claiming 100000×100000 pixels (a decompression bomb) costs nothing; the
// limit, MaxPixels, still lets a full decode need a few hundred MiB, which is
// the price of accepting 50-megapixel phone photos. Pictures smaller than
// MinSide on either side cannot show a stamp and are refused too. Every refusal
// is a *cyltrace.Error (EINVALID, or ETOOLARGE for too many bytes) with a
// message for the clerk.
//
// # On disk
//
// A photo lives at <dir>/<sha[0:2]>/<sha>.jpg or .png, mode 0600 in 0700
// directories. It is written to a temporary file in the same directory,
// fsync'd and renamed into place, so a reader never sees half a file. Storing
// the same bytes again keeps the existing file: Put is idempotent. A crash
// may leave a ".put-*" temporary file behind; it is never read and may be
// deleted while the server is stopped. Names given to Path and Open are
// checked to be 64 lowercase hex digits before the disk is touched.
package images
