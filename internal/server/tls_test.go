package server_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cyltrace/internal/server"
)

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"localhost:8080", true},
		{"LOCALHOST:8080", true},
		{"127.0.0.1:8080", true},
		{"127.1.2.3:8080", true},
		{"[::1]:8080", true},
		{"::1", true},
		{"localhost", true},
		{"[::ffff:127.0.0.1]:8080", true},
		{"", false},
		{":8443", false},
		{"0.0.0.0:8443", false},
		{"[::]:8443", false},
		{"192.168.1.10:8443", false},
		{"example.org:443", false},
		{"localhost.example.org:443", false},
		{"128.0.0.1:80", false},
	}
	for _, tt := range tests {
		if got := server.IsLoopback(tt.addr); got != tt.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestNewTLSPolicy(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := mustWriteCertPair(t, dir, "a")
	_, otherKey := mustWriteCertPair(t, dir, "b")

	tests := []struct {
		name       string
		cfg        server.Config
		wantErr    []string // substrings of the error; nil means New succeeds
		wantScheme string
		wantSecure bool
	}{
		{name: "default address is loopback", cfg: server.Config{}, wantScheme: "http"},
		{name: "127.0.0.1 plain", cfg: server.Config{Addr: "127.0.0.1:8080"}, wantScheme: "http"},
		{name: "127.0.0.2 plain", cfg: server.Config{Addr: "127.0.0.2:8080"}, wantScheme: "http"},
		{name: "localhost plain", cfg: server.Config{Addr: "localhost:8080"}, wantScheme: "http"},
		{name: "::1 plain", cfg: server.Config{Addr: "[::1]:8080"}, wantScheme: "http"},
		{name: "loopback behind proxy", cfg: server.Config{Addr: "127.0.0.1:8080", BehindTLSProxy: true}, wantScheme: "http", wantSecure: true},
		{
			name:    "all interfaces refused",
			cfg:     server.Config{Addr: "0.0.0.0:8443"},
			wantErr: []string{"0.0.0.0:8443", "HTTPS", "--tls-cert", "--tls-key", "--tls-self-signed", "--behind-tls-proxy"},
		},
		{
			name:    "empty host refused",
			cfg:     server.Config{Addr: ":8443"},
			wantErr: []string{"不是本机回环地址", "--tls-cert", "--tls-self-signed", "--behind-tls-proxy"},
		},
		{
			name:    "LAN IP refused",
			cfg:     server.Config{Addr: "192.168.1.10:8443"},
			wantErr: []string{"192.168.1.10:8443", "--tls-cert", "--tls-self-signed", "--behind-tls-proxy"},
		},
		{
			name:    "host name refused",
			cfg:     server.Config{Addr: "example.org:443"},
			wantErr: []string{"example.org:443", "--tls-cert", "--tls-self-signed", "--behind-tls-proxy"},
		},
		{
			name:       "LAN behind proxy",
			cfg:        server.Config{Addr: "0.0.0.0:8080", BehindTLSProxy: true},
			wantScheme: "http", wantSecure: true,
		},
		{
			name:       "cert and key files",
			cfg:        server.Config{Addr: "0.0.0.0:8443", TLSCertFile: certFile, TLSKeyFile: keyFile},
			wantScheme: "https", wantSecure: true,
		},
		{
			name:    "cert without key",
			cfg:     server.Config{Addr: "0.0.0.0:8443", TLSCertFile: certFile},
			wantErr: []string{"--tls-cert", "--tls-key", "同时"},
		},
		{
			name:    "key without cert",
			cfg:     server.Config{Addr: "127.0.0.1:8443", TLSKeyFile: keyFile},
			wantErr: []string{"--tls-cert", "--tls-key", "同时"},
		},
		{
			name:    "mismatched cert and key",
			cfg:     server.Config{Addr: "0.0.0.0:8443", TLSCertFile: certFile, TLSKeyFile: otherKey},
			wantErr: []string{certFile, otherKey, "--tls-cert"},
		},
		{
			name:    "missing cert file",
			cfg:     server.Config{Addr: "0.0.0.0:8443", TLSCertFile: filepath.Join(dir, "nope.crt"), TLSKeyFile: keyFile},
			wantErr: []string{"nope.crt"},
		},
		{
			name:    "files and self-signed",
			cfg:     server.Config{Addr: "0.0.0.0:8443", TLSCertFile: certFile, TLSKeyFile: keyFile, TLSSelfSigned: true, DataDir: t.TempDir()},
			wantErr: []string{"只能选择一种", "--tls-cert/--tls-key", "--tls-self-signed"},
		},
		{
			name:    "self-signed and proxy",
			cfg:     server.Config{Addr: "127.0.0.1:8443", TLSSelfSigned: true, BehindTLSProxy: true, DataDir: t.TempDir()},
			wantErr: []string{"只能选择一种", "--tls-self-signed", "--behind-tls-proxy"},
		},
		{
			name:    "self-signed without data dir",
			cfg:     server.Config{Addr: "0.0.0.0:8443", TLSSelfSigned: true},
			wantErr: []string{"--tls-self-signed", "数据目录"},
		},
		{
			name:    "address without port",
			cfg:     server.Config{Addr: "127.0.0.1"},
			wantErr: []string{"监听地址", "127.0.0.1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := server.New(tt.cfg, pinger{}, testLogger(t))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("New(%+v) = nil error, want one mentioning %q", tt.cfg, tt.wantErr)
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("New error = %q, want it to mention %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%+v) = %v, want success", tt.cfg, err)
			}
			if got := s.Scheme(); got != tt.wantScheme {
				t.Errorf("Scheme() = %q, want %q", got, tt.wantScheme)
			}
			if got := s.Secure(); got != tt.wantSecure {
				t.Errorf("Secure() = %v, want %v", got, tt.wantSecure)
			}
		})
	}
}

func TestSelfSignedCreatedAndReused(t *testing.T) {
	dataDir := t.TempDir()
	cfg := server.Config{Addr: "0.0.0.0:8443", TLSSelfSigned: true, DataDir: dataDir}
	s := mustNew(t, cfg, pinger{}, testLogger(t))
	if got, want := s.Scheme(), "https"; got != want {
		t.Errorf("Scheme() = %q, want %q", got, want)
	}

	tlsDir := filepath.Join(dataDir, "tls")
	certFile := filepath.Join(tlsDir, "self-signed.crt")
	keyFile := filepath.Join(tlsDir, "self-signed.key")
	for _, tt := range []struct {
		path string
		want os.FileMode
	}{
		{tlsDir, 0o700},
		{keyFile, 0o600},
	} {
		fi, err := os.Stat(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tt.want {
			t.Errorf("mode of %s = %v, want %v", tt.path, got, tt.want)
		}
	}

	certPEM := mustReadFile(t, certFile)
	keyPEM := mustReadFile(t, keyFile)
	block, _ := pem.Decode(certPEM)
	if block == nil {
		t.Fatalf("%s holds no PEM block", certFile)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cert.PublicKeyAlgorithm, x509.ECDSA; got != want {
		t.Errorf("public key algorithm = %v, want %v", got, want)
	}
	if got, want := cert.NotAfter.Sub(cert.NotBefore), 825*24*time.Hour; got != want {
		t.Errorf("validity = %v, want %v", got, want)
	}
	names := []string{"localhost", "127.0.0.1", "::1"}
	if hostname, err := os.Hostname(); err == nil && hostname != "" {
		names = append(names, strings.ToLower(hostname))
	}
	for _, name := range names {
		if err := cert.VerifyHostname(name); err != nil {
			t.Errorf("certificate does not cover %q: %v", name, err)
		}
	}

	mustNew(t, cfg, pinger{}, testLogger(t))
	if got := mustReadFile(t, certFile); string(got) != string(certPEM) {
		t.Errorf("second New changed %s; want the certificate reused", certFile)
	}
	if got := mustReadFile(t, keyFile); string(got) != string(keyPEM) {
		t.Errorf("second New changed %s; want the key reused", keyFile)
	}
}

func TestSelfSignedListenIPInCertificate(t *testing.T) {
	dataDir := t.TempDir()
	mustNew(t, server.Config{Addr: "192.0.2.7:8443", TLSSelfSigned: true, DataDir: dataDir}, pinger{}, testLogger(t))
	block, _ := pem.Decode(mustReadFile(t, filepath.Join(dataDir, "tls", "self-signed.crt")))
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.VerifyHostname("192.0.2.7"); err != nil {
		t.Errorf("certificate does not cover the listen IP: %v", err)
	}
}

func TestSelfSignedBrokenFilesRefused(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, certFile, keyFile string)
		wantErr string
	}{
		{"corrupt certificate", func(t *testing.T, c, k string) { mustWriteFile(t, c, []byte("not a certificate")) }, "无法使用"},
		{"corrupt key", func(t *testing.T, c, k string) {
			mustWriteFile(t, k, []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
		}, "无法使用"},
		{"key from another pair", func(t *testing.T, c, k string) {
			_, otherKey := mustWriteCertPair(t, t.TempDir(), "other")
			mustWriteFile(t, k, mustReadFile(t, otherKey))
		}, "无法使用"},
		{"certificate missing", func(t *testing.T, c, k string) { os.Remove(c) }, "不完整"},
		{"key missing", func(t *testing.T, c, k string) { os.Remove(k) }, "不完整"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := t.TempDir()
			cfg := server.Config{Addr: "0.0.0.0:8443", TLSSelfSigned: true, DataDir: dataDir}
			mustNew(t, cfg, pinger{}, testLogger(t))
			certFile := filepath.Join(dataDir, "tls", "self-signed.crt")
			keyFile := filepath.Join(dataDir, "tls", "self-signed.key")
			tt.damage(t, certFile, keyFile)
			before := [2]string{readIfExists(certFile), readIfExists(keyFile)}

			_, err := server.New(cfg, pinger{}, testLogger(t))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want one containing %q", err, tt.wantErr)
			}
			after := [2]string{readIfExists(certFile), readIfExists(keyFile)}
			if after != before {
				t.Errorf("New changed the damaged files; want them left for the operator")
			}
		})
	}
}

func readIfExists(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

func TestRunSelfSignedHTTPS(t *testing.T) {
	dataDir := t.TempDir()
	s := mustNew(t, server.Config{Addr: "127.0.0.1:0", TLSSelfSigned: true, DataDir: dataDir}, pinger{}, testLogger(t))
	addr, _, _ := startRun(t, s)

	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(mustReadFile(t, filepath.Join(dataDir, "tls", "self-signed.crt"))) {
		t.Fatal("no certificate in self-signed.crt")
	}
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}},
	}
	t.Cleanup(client.CloseIdleConnections)

	resp, err := client.Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("GET /healthz over TLS: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200 (body %s)", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Strict-Transport-Security"); got == "" {
		t.Errorf("Strict-Transport-Security missing over TLS")
	}

	t.Run("TLS 1.1 refused", func(t *testing.T) {
		conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
		if err == nil {
			conn.Close()
			t.Fatal("TLS 1.1 handshake succeeded, want it refused")
		}
	})
	t.Run("untrusting client refused", func(t *testing.T) {
		_, err := (&http.Client{Timeout: 5 * time.Second}).Get("https://" + addr + "/healthz")
		if err == nil {
			t.Fatal("a client not trusting the certificate connected")
		}
	})
}
