package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/cli"
	"cyltrace/internal/testutil"
)

// The test binary doubles as the cyltrace command, so that a test can run
// the real program as a separate process and kill it.
const asCommandEnv = "CYLTRACE_TEST_RUN_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommandEnv) == "1" {
		ctx, stop := signalContext()
		code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// process is a cyltrace command running as a child process.
type process struct {
	cmd    *exec.Cmd
	url    string // the healthz URL it printed when ready
	stderr *strings.Builder
	done   chan struct{} // closed when the process has exited
}

// start runs `cyltrace args…` as a child and waits until it serves.
func start(t *testing.T, args ...string) *process {
	t.Helper()
	p := startChild(t, args...)
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(p.stdout())
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "cyltrace 已启动："); ok {
				lines <- url
			}
		}
	}()
	select {
	case p.url = <-lines:
		return p.process
	case <-p.done:
		t.Fatalf("cyltrace %v exited before serving: %v\n%s", args, p.cmd.ProcessState, p.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("cyltrace %v did not start in 60 s\n%s", args, p.stderr)
	}
	return nil
}

type child struct {
	*process
	out io.Reader
}

func (c child) stdout() io.Reader { return c.out }

func startChild(t *testing.T, args ...string) child {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asCommandEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &strings.Builder{}, done: make(chan struct{})}
	cmd.Stderr = syncWriter{p.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	return child{p, out}
}

// syncWriter is good enough for a builder only written by exec's copier.
type syncWriter struct{ b *strings.Builder }

func (w syncWriter) Write(p []byte) (int, error) { return w.b.Write(p) }

// wait waits for the child to exit and returns its exit code.
func (p *process) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("process did not exit in 60 s\n%s", p.stderr)
	}
	return p.cmd.ProcessState.ExitCode()
}

func healthz(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var env struct{ Code string }
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatalf("healthz body: %v", err)
	}
	if env.Code != fmt.Sprint(resp.StatusCode) {
		t.Errorf("healthz envelope code %q, HTTP status %d", env.Code, resp.StatusCode)
	}
	return resp.StatusCode
}

// TestServeKeepsCommittedDataAcrossKill: serve --demo answers /healthz; a
// second serve on the same data directory is refused; records committed
// while it runs survive a kill -9 and a restart; SIGTERM stops it cleanly.
func TestServeKeepsCommittedDataAcrossKill(t *testing.T) {
	dir := t.TempDir()
	args := []string{"serve", "--data-dir", dir, "--addr", "127.0.0.1:0", "--demo",
		"--demo-cylinders", "200", "--demo-as-of", "2026-11-25"}
	first := start(t, args...)
	if got := healthz(t, first.url); got != http.StatusOK {
		t.Fatalf("healthz = %d, want 200", got)
	}

	second := startChild(t, args...)
	if code := second.wait(t); code != 1 || !strings.Contains(second.stderr.String(), "已由另一个 cyltrace serve 进程") {
		t.Errorf("second serve on the same data directory: exit %d, stderr %q; want a refusal", code, second.stderr)
	}

	// Another process commits records while the server runs.
	s := testutil.OpenStore(t, "sqlite:"+filepath.Join(dir, "cyltrace.db"))
	ctx := context.Background()
	before, err := s.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before["cylinders"] != 200 {
		t.Fatalf("serve --demo loaded %d cylinders, want 200", before["cylinders"])
	}
	const added = 50
	for i := 0; i < added; i++ {
		f := &cyltrace.Filling{SourceID: fmt.Sprintf("KILL-%d", i), CylinderID: "CY0000000000000000",
			MediumCode: "G13", Filler: "王五", FillingDate: "2026-11-25", FillingUnitName: "重庆测试燃气有限公司", UnitID: 1}
		if _, err := s.AddFilling(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.wait(t)

	restarted := start(t, args...)
	if got := healthz(t, restarted.url); got != http.StatusOK {
		t.Fatalf("healthz after restart = %d, want 200", got)
	}
	s2 := testutil.OpenStore(t, "sqlite:"+filepath.Join(dir, "cyltrace.db"))
	after, err := s2.TableCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after["fillings"] != before["fillings"]+added || after["cylinders"] != before["cylinders"] {
		t.Errorf("after kill -9 and restart: %d fillings, %d cylinders; want %d and %d (demo not loaded twice)",
			after["fillings"], after["cylinders"], before["fillings"]+added, before["cylinders"])
	}

	if err := restarted.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := restarted.wait(t); code != 0 {
		t.Errorf("serve after SIGTERM exited %d, want 0\n%s", code, restarted.stderr)
	}
	if !strings.Contains(restarted.stderr.String(), "shut down") {
		t.Errorf("serve did not log a graceful shutdown:\n%s", restarted.stderr)
	}
}

func TestServeRefusesPlainHTTPOffLoopback(t *testing.T) {
	r := run(t, nil, "serve", "--data-dir", t.TempDir(), "--addr", "0.0.0.0:0")
	if r.code != 1 {
		t.Fatalf("serve on 0.0.0.0 without TLS: exit %d, want 1", r.code)
	}
	for _, flag := range []string{"--tls-cert", "--tls-self-signed", "--behind-tls-proxy"} {
		if !strings.Contains(r.stderr, flag) {
			t.Errorf("refusal does not mention %s: %q", flag, r.stderr)
		}
	}
}
