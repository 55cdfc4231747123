package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// selfSignedValidity is the longest lifetime Apple and browsers accept for a
// TLS server certificate that is not from a public CA.
const selfSignedValidity = 825 * 24 * time.Hour

// expiryWarning is how early a certificate about to expire is logged.
const expiryWarning = 30 * 24 * time.Hour

// IsLoopback reports whether the host of addr ("host:port", or a bare host)
// is "localhost" or a loopback IP (127.0.0.0/8, ::1). An empty host, which
// listens on every interface, is not loopback.
func IsLoopback(addr string) bool {
	host := listenHost(addr)
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// listenHost returns the host part of addr without brackets.
func listenHost(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return strings.TrimSuffix(strings.TrimPrefix(addr, "["), "]")
}

// checkTLSPolicy enforces the HTTPS requirement of the source: at most one
// TLS mode, and exactly one when the address is reachable from other hosts.
func checkTLSPolicy(cfg Config) error {
	if (cfg.TLSCertFile == "") != (cfg.TLSKeyFile == "") {
		return errors.New("--tls-cert 与 --tls-key 必须同时指定：证书与私钥缺一不可")
	}
	var modes []string
	if cfg.TLSCertFile != "" {
		modes = append(modes, "--tls-cert/--tls-key")
	}
	if cfg.TLSSelfSigned {
		modes = append(modes, "--tls-self-signed")
	}
	if cfg.BehindTLSProxy {
		modes = append(modes, "--behind-tls-proxy")
	}
	if len(modes) > 1 {
		return fmt.Errorf("HTTPS 方式只能选择一种，但同时指定了 %s：请只保留其中一个", strings.Join(modes, "、"))
	}
	if len(modes) == 0 && !IsLoopback(cfg.Addr) {
		return fmt.Errorf("监听地址 %s 不是本机回环地址，必须启用 HTTPS：请指定 --tls-cert 与 --tls-key，或 --tls-self-signed，或在 TLS 反向代理之后运行时指定 --behind-tls-proxy", cfg.Addr)
	}
	return nil
}

// loadTLS returns the TLS configuration of cfg, or nil for plain HTTP. The
// certificate is loaded here so that a bad file fails the start, not the
// first handshake.
func loadTLS(cfg Config, logger *slog.Logger) (*tls.Config, error) {
	var cert tls.Certificate
	var err error
	switch {
	case cfg.TLSCertFile != "":
		cert, err = loadPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("读取 TLS 证书 %s 与私钥 %s 失败（--tls-cert、--tls-key）：%w", cfg.TLSCertFile, cfg.TLSKeyFile, err)
		}
		logCertificate(logger, "using TLS certificate", cfg.TLSCertFile, cert)
	case cfg.TLSSelfSigned:
		cert, err = selfSigned(cfg, logger)
		if err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	checkCertificate(logger, cert.Leaf, cfg.Addr, cfg.Now())
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}, nil
}

// selfSigned loads DataDir/tls/self-signed.{crt,key}, making them on the
// first start. An existing pair is reused, never replaced, because clients
// may have pinned it.
func selfSigned(cfg Config, logger *slog.Logger) (tls.Certificate, error) {
	if cfg.DataDir == "" {
		return tls.Certificate{}, errors.New("使用 --tls-self-signed 时必须设置数据目录：自签名证书保存在数据目录的 tls/ 下")
	}
	dir := filepath.Join(cfg.DataDir, "tls")
	certFile := filepath.Join(dir, "self-signed.crt")
	keyFile := filepath.Join(dir, "self-signed.key")
	haveCert, err := exists(certFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	haveKey, err := exists(keyFile)
	if err != nil {
		return tls.Certificate{}, err
	}

	switch {
	case haveCert && haveKey:
		cert, err := loadPair(certFile, keyFile)
		if err != nil {
			return tls.Certificate{}, fmt.Errorf("自签名证书 %s 或私钥 %s 无法使用：%w；请检查这两个文件，或将两者一并删除后重新启动以生成新证书（已固定旧证书的客户端需同步更换）", certFile, keyFile, err)
		}
		if fi, err := os.Stat(keyFile); err == nil && fi.Mode().Perm()&0o077 != 0 {
			logger.Warn("self-signed TLS key is readable by other users; chmod 600 it", "key", keyFile, "mode", fi.Mode().Perm().String())
		}
		logCertificate(logger, "using self-signed TLS certificate", certFile, cert)
		return cert, nil
	case haveCert || haveKey:
		return tls.Certificate{}, fmt.Errorf("自签名证书不完整：%s 与 %s 只存在其一；请找回缺失的文件，或将两者一并删除后重新启动以生成新证书", certFile, keyFile)
	}

	certPEM, keyPEM, err := newSelfSigned(cfg.Addr, cfg.Now())
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generate self-signed certificate: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return tls.Certificate{}, fmt.Errorf("create %s: %w", dir, err)
	}
	// Key first: a crash in between leaves an incomplete pair, which the next
	// start reports instead of silently making a different certificate.
	if err := writeNew(keyFile, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, err
	}
	if err := writeNew(certFile, certPEM, 0o644); err != nil {
		return tls.Certificate{}, err
	}
	cert, err := loadPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("load generated certificate: %w", err)
	}
	logCertificate(logger, "generated self-signed TLS certificate", certFile, cert)
	return cert, nil
}

// newSelfSigned makes an ECDSA P-256 certificate for the names this server
// is likely reached by: localhost, the loopback IPs, the machine's host name,
// and the listen host when it is a specific IP or name.
func newSelfSigned(addr string, now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, nil, err
	}
	dnsNames := []string{"localhost"}
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	addName := func(host string) {
		if ip, err := netip.ParseAddr(host); err == nil {
			if !ip.IsUnspecified() && !slices.ContainsFunc(ips, func(x net.IP) bool { return x.Equal(ip.AsSlice()) }) {
				ips = append(ips, ip.WithZone("").AsSlice())
			}
			return
		}
		host = strings.ToLower(host)
		if validDNSName(host) && !slices.Contains(dnsNames, host) {
			dnsNames = append(dnsNames, host)
		}
	}
	if hostname, err := os.Hostname(); err == nil {
		addName(hostname)
	}
	addName(listenHost(addr))

	// Backdated an hour so that a client whose clock is a little behind
	// does not reject a certificate made a moment ago.
	notBefore := now.Add(-time.Hour).UTC()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "cyltrace self-signed", Organization: []string{"cyltrace"}},
		NotBefore:             notBefore,
		NotAfter:              notBefore.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              dnsNames,
		IPAddresses:           ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return certPEM, keyPEM, nil
}

// loadPair loads a PEM certificate and key and makes sure Leaf is parsed,
// which the checks and logs below rely on.
func loadPair(certFile, keyFile string) (tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	if cert.Leaf == nil {
		if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return tls.Certificate{}, err
		}
	}
	return cert, nil
}

// validDNSName keeps odd host names (spaces, non-ASCII) out of the
// certificate, where they would fail its creation and with it the start.
func validDNSName(host string) bool {
	if host == "" || len(host) > 253 {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// writeNew creates path with data, failing if it exists: a certificate
// somebody may have pinned is never overwritten.
func writeNew(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	return nil
}

func exists(path string) (bool, error) {
	_, err := os.Stat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("check %s: %w", path, err)
	}
}

// logCertificate logs the fingerprint so an operator can hand it to the
// units that pin the certificate.
func logCertificate(logger *slog.Logger, msg, file string, cert tls.Certificate) {
	sum := sha256.Sum256(cert.Certificate[0])
	logger.Info(msg, "cert", file, "sha256", hex.EncodeToString(sum[:]), "not_after", cert.Leaf.NotAfter)
}

// checkCertificate warns about a certificate that will make clients fail:
// expired, not yet valid, expiring soon, or not naming the listen host.
func checkCertificate(logger *slog.Logger, leaf *x509.Certificate, addr string, now time.Time) {
	switch {
	case now.After(leaf.NotAfter):
		logger.Warn("TLS certificate has expired; clients will refuse it", "not_after", leaf.NotAfter)
	case now.Before(leaf.NotBefore):
		logger.Warn("TLS certificate is not valid yet; check the clock", "not_before", leaf.NotBefore)
	case leaf.NotAfter.Sub(now) < expiryWarning:
		logger.Warn("TLS certificate expires soon", "not_after", leaf.NotAfter)
	}
	host := listenHost(addr)
	if ip, err := netip.ParseAddr(host); host == "" || (err == nil && ip.IsUnspecified()) {
		return
	}
	if err := leaf.VerifyHostname(host); err != nil {
		logger.Warn("TLS certificate does not name the listen host", "host", host, "err", err.Error())
	}
}
