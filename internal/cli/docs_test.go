package cli_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDockingGuideExamples runs the ```sh blocks of docs/api.md, in order,
// with bash -e against `cyltrace serve --demo`: the guide's curl examples
// work as written.
func TestDockingGuideExamples(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "awk", "sed", "grep", "base64"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the docking guide's shell examples cannot run here", tool)
		}
	}
	script := shellBlocks(t, filepath.Join("..", "..", "docs", "api.md"))
	if !strings.Contains(script, "/api/v1/fillings/submit") {
		t.Fatalf("docs/api.md has no runnable submit example")
	}
	dir := t.TempDir()
	p := start(t, "serve", "--data-dir", dir, "--addr", "127.0.0.1:0", "--demo", "--demo-cylinders", "500")
	base := strings.TrimSuffix(p.url, "/healthz")

	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(),
		"BASE="+base,
		// The test binary is the cyltrace command (see TestMain).
		"CYLTRACE=env "+asCommandEnv+"=1 "+os.Args[0],
		"CYLTRACE_DATA_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docs/api.md examples failed: %v\n%s\n--- server log ---\n%s", err, out, p.stderr)
	}
	for _, want := range []string{"TOKEN=", `"infoCode":"CQ`, `"accepted":1`, `"duplicate":1`, `"code":"401"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the examples' output lacks %s:\n%s", want, out)
		}
	}
}

// shellBlocks returns the ```sh blocks of a Markdown file joined in order.
func shellBlocks(t *testing.T, path string) string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "```sh":
			in = true
		case line == "```":
			in = false
		case in:
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
