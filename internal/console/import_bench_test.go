//go:build linux

package console_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/images"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
	"cyltrace/internal/xlsx"
)

// The whole use-registration import of a 50,000-row workbook through the
// console, as the browser sends it: a multipart POST of the .xlsx to
// /console/registrations/{id}/import, read by xlsx.Read into
// store.ImportRegistration, one transaction, into SQLite or PostgreSQL.
//
// The peak resident set size (VmHWM) of a process cannot be lowered, so, as
// in internal/xlsx/peakrss_test.go, each measurement is a fresh child
// process: this test binary run again as TestConsoleImportChild. Every
// child sets up the same server (a store of its database, the console over
// httptest, a unit and its user, logged in, a new application) and loads
// the same workbook bytes; the baseline child then stops, an import child
// posts the workbook and checks that all 50,000 rows joined the application.
//
//	go test -run '^$' -bench Import50000 -benchtime 3x ./internal/console/
//
// or scripts/bench-import. The PostgreSQL half needs CYLTRACE_TEST_POSTGRES.

const (
	consoleImportChildEnv  = "CYLTRACE_CONSOLE_IMPORT_CHILD" // baseline, sqlite or postgres
	consoleImportDBEnv     = "CYLTRACE_CONSOLE_IMPORT_DB"    // the baseline's database: sqlite or postgres
	consoleImportFileEnv   = "CYLTRACE_CONSOLE_IMPORT_FILE"  // the workbook to post
	consoleImportChildLine = "CONSOLE-IMPORT-CHILD"          // the child's result line
	consoleImportRows      = 50000
)

// TestConsoleImportChild is the child process of BenchmarkImport50000; run
// without its environment variable (as by go test) it does nothing.
func TestConsoleImportChild(t *testing.T) {
	mode := os.Getenv(consoleImportChildEnv)
	if mode == "" {
		return
	}
	dialect := mode
	switch mode {
	case "baseline":
		dialect = os.Getenv(consoleImportDBEnv)
	case "sqlite", "postgres":
	default:
		t.Fatalf("%s=%q", consoleImportChildEnv, mode)
	}

	// The server, as for a unit's user about to import.
	e := newImportEnv(t, dialect)
	unit := e.unitClient(t)
	list := unit.get("/console/registrations")
	p := unit.post("/console/registrations/new", url.Values{"csrf": {list.field(t, "csrf")}})
	m := regIDRe.FindStringSubmatch(p.path)
	if m == nil {
		t.Fatalf("new application did not open: %s %s", p.path, p.body)
	}
	regID, _ := strconv.ParseInt(m[1], 10, 64)
	base := "/console/registrations/" + m[1]
	csrf := p.field(t, "csrf")
	data, err := os.ReadFile(os.Getenv(consoleImportFileEnv))
	if err != nil {
		t.Fatal(err)
	}

	// The set-up's own peak (three argon2id hashes of 64 MiB each: the
	// user's, the console's dummy, the login's check) is the same in every
	// child; the request's peak is read from here on.
	setupHWM, err := procStatusKiB("VmHWM")
	if err != nil {
		t.Fatal(err)
	}
	debug.FreeOSMemory()
	windowed := resetPeakRSS() == nil
	idle, err := procStatusKiB("VmRSS")
	if err != nil {
		t.Fatal(err)
	}

	var wall time.Duration
	var imported, refused int
	var hwm uint64
	if mode != "baseline" {
		start := time.Now()
		status, location := unit.postStream(base+"/import",
			url.Values{"csrf": {csrf}, "regionCode": {e.unit.RegionCode}}, "file", "气瓶信息.xlsx", data)
		wall = time.Since(start)
		if hwm, err = procStatusKiB("VmHWM"); err != nil {
			t.Fatal(err)
		}
		if status != http.StatusSeeOther || location != base {
			t.Fatalf("import answered %d → %q, want 303 → %s\n%s", status, location, base, e.log)
		}
		// The result, as the unit reads it, and as the store holds it.
		want := fmt.Sprintf("导入完成：成功 %d 只，未导入 0 只", consoleImportRows)
		if p = unit.get(location); !strings.Contains(p.body, want) {
			t.Fatalf("no %q on the application's page:\n%s", want, p.body)
		}
		_, total, err := e.store.RegistrationItems(context.Background(), store.ItemFilter{RegistrationID: regID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		rejects, err := e.store.RegistrationRejects(context.Background(), regID)
		if err != nil {
			t.Fatal(err)
		}
		imported, refused = total, len(rejects)
	} else if hwm, err = procStatusKiB("VmHWM"); err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(data)
	if !windowed {
		idle = 0 // no window: only the whole process's peak means anything
	}
	fmt.Printf("%s mode=%s db=%s imported=%d refused=%d wall_ns=%d setup_hwm_kib=%d idle_rss_kib=%d hwm_kib=%d\n",
		consoleImportChildLine, mode, dialect, imported, refused, wall.Nanoseconds(), setupHWM, idle, hwm)
}

// newImportEnv is newRegEnv's console, unit and unit user on a store of
// the dialect (newEnv's is always SQLite), logging at Info.
func newImportEnv(t *testing.T, dialect string) *regEnv {
	t.Helper()
	s, _ := testutil.NewStore(t, dialect)
	log := &syncBuffer{}
	imgs, err := images.New(t.TempDir(), 5<<20)
	if err != nil {
		t.Fatal(err)
	}
	c, err := console.New(console.Config{Store: s, Images: imgs, Logger: slog.New(slog.NewTextHandler(log, nil))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(c.Handler())
	t.Cleanup(srv.Close)
	e := &regEnv{env: &env{store: s, console: c, srv: srv, log: log}}
	e.unit = e.mustUnit(t, 1, "重庆新隆信物业管理有限公司", "500107", cyltrace.KindUsing)
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &cyltrace.User{Username: e.unit.Code, DisplayName: "经办人老刘", UnitID: e.unit.ID,
		Roles: []cyltrace.UserRole{cyltrace.UnitUser}}
	if err := e.store.CreateUser(context.Background(), u, hash); err != nil {
		t.Fatal(err)
	}
	return e
}

// postStream posts a multipart form with one file as a browser does, the
// body written as it is sent (postMultipart builds it whole first: a second
// copy of the file in this process, which a browser is not), and returns
// the status and the redirect's target without following it.
func (c *client) postStream(path string, fields url.Values, field, name string, data []byte) (int, string) {
	c.t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		var err error
		for k, vs := range fields {
			for _, v := range vs {
				if err == nil {
					err = mw.WriteField(k, v)
				}
			}
		}
		var w io.Writer
		if err == nil {
			w, err = mw.CreateFormFile(field, name)
		}
		if err == nil {
			_, err = w.Write(data)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	hc := &http.Client{Jar: c.http.Jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location")
}

// procStatusKiB returns a kB field of /proc/self/status (VmHWM, VmRSS).
func procStatusKiB(field string) (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			return strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %s in /proc/self/status", field)
}

// resetPeakRSS sets VmHWM back to the present RSS (Linux ≥ 4.0).
func resetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

type consoleImportResult struct {
	imported, refused int
	wall              time.Duration
	setupHWM          uint64 // KiB, peak of the set-up (login included)
	idle              uint64 // KiB, RSS when the request starts; 0 if the peak could not be reset
	hwm               uint64 // KiB, peak from then on (the whole process's if not reset)
}

// runConsoleImportChild runs TestConsoleImportChild in a new process.
func runConsoleImportChild(b *testing.B, mode, dialect, file string) consoleImportResult {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestConsoleImportChild$", "-test.count=1", "-test.timeout=30m")
	cmd.Env = append(os.Environ(), consoleImportChildEnv+"="+mode, consoleImportDBEnv+"="+dialect,
		consoleImportFileEnv+"="+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child %s (%s): %v\n%s", mode, dialect, err, out)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if !strings.HasPrefix(line, consoleImportChildLine+" ") {
			continue
		}
		var r consoleImportResult
		var m, db string
		var wall int64
		if _, err := fmt.Sscanf(line, consoleImportChildLine+" mode=%s db=%s imported=%d refused=%d wall_ns=%d setup_hwm_kib=%d idle_rss_kib=%d hwm_kib=%d",
			&m, &db, &r.imported, &r.refused, &wall, &r.setupHWM, &r.idle, &r.hwm); err != nil {
			b.Fatalf("child %s: %v in %q", mode, err, line)
		}
		r.wall = time.Duration(wall)
		return r
	}
	b.Fatalf("child %s (%s) printed no result:\n%s", mode, dialect, out)
	return consoleImportResult{}
}

// BenchmarkImport50000 posts a 50,000-row workbook to the console in child
// processes and reports, per database: the request's wall time (upload,
// import, the 303; import-ms/op), the peak RSS of the serving process
// during the request (request-peak-MiB) against the RSS of a baseline child
// at the same point (baseline-MiB: the same server set up, the same bytes
// loaded, no import), their difference (added-MiB), and the whole
// process's peak, set-up included (process-peak-MiB; the baseline's:
// baseline-process-peak-MiB). ns/op is a whole child process.
//
// The workbook is the console's template filled in with testutil's rows,
// 50,000 different product numbers: excelize writes the text to a shared
// strings table, as spreadsheet programs do.
func BenchmarkImport50000(b *testing.B) {
	if _, err := procStatusKiB("VmHWM"); err != nil {
		b.Skipf("no peak RSS from /proc: %v", err)
	}
	file := filepath.Join(b.TempDir(), "registration-50000.xlsx")
	if err := os.WriteFile(file, registrationWorkbook(b, consoleImportRows), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, dialect := range testutil.Dialects {
		b.Run(dialect, func(b *testing.B) {
			if dialect == "postgres" && os.Getenv(testutil.PostgresEnv) == "" {
				b.Skipf("%s is not set: no PostgreSQL import (set it to e.g. "+
					"postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)", testutil.PostgresEnv)
			}
			benchConsoleImport(b, dialect, file)
		})
	}
}

// registrationWorkbook is the console's template with n good rows of
// 九龙坡区, each cylinder its own product number (and so its own
// registration triple and QR content).
func registrationWorkbook(b *testing.B, n int) []byte {
	tmpl, err := xlsx.Template()
	if err != nil {
		b.Fatal(err)
	}
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = testutil.RegistrationRow(fmt.Sprintf("B%07d", i+1), "35.5")
	}
	return testutil.FilledWorkbook(b, tmpl, rows...)
}

func benchConsoleImport(b *testing.B, dialect, file string) {
	info, err := os.Stat(file)
	if err != nil {
		b.Fatal(err)
	}
	// The baseline: the lowest of three, the least disturbed.
	var base consoleImportResult
	for i := 0; i < 3; i++ {
		if r := runConsoleImportChild(b, "baseline", dialect, file); i == 0 || r.hwm < base.hwm {
			base = r
		}
	}
	var wall time.Duration
	var peak, processPeak uint64
	runs := 0
	for b.Loop() {
		r := runConsoleImportChild(b, dialect, dialect, file)
		if r.imported != consoleImportRows || r.refused != 0 {
			b.Fatalf("%s: %d imported, %d refused, want %d and 0", dialect, r.imported, r.refused, consoleImportRows)
		}
		wall += r.wall
		peak = max(peak, r.hwm)
		processPeak = max(processPeak, r.hwm, r.setupHWM)
		runs++
	}
	mib := func(kib uint64) float64 { return float64(kib) / 1024 }
	ms := float64(wall.Microseconds()) / 1000 / float64(runs)
	baseProcessPeak := max(base.hwm, base.setupHWM)
	b.ReportMetric(ms, "import-ms/op")
	b.ReportMetric(consoleImportRows/(ms/1000), "rows/s")
	b.ReportMetric(mib(processPeak), "process-peak-MiB")
	b.ReportMetric(mib(baseProcessPeak), "baseline-process-peak-MiB")
	if base.idle == 0 {
		b.Logf("%d rows (%.1f MiB file) into %s: %.0f ms (mean of %d); peak RSS %.1f MiB vs. baseline %.1f MiB (the peak could not be reset after the set-up)",
			consoleImportRows, float64(info.Size())/(1<<20), dialect, ms, runs, mib(processPeak), mib(baseProcessPeak))
		return
	}
	b.ReportMetric(mib(peak), "request-peak-MiB")
	b.ReportMetric(mib(base.hwm), "baseline-MiB")
	b.ReportMetric(mib(peak)-mib(base.hwm), "added-MiB")
	b.Logf("%d rows (%.1f MiB file) into %s: request %.0f ms (mean of %d), %.0f rows/s; peak RSS during the request %.1f MiB (highest) vs. baseline %.1f MiB (set up, file loaded): +%.1f MiB; whole process %.1f MiB vs. %.1f MiB",
		consoleImportRows, float64(info.Size())/(1<<20), dialect, ms, runs, consoleImportRows/(ms/1000),
		mib(peak), mib(base.hwm), mib(peak)-mib(base.hwm), mib(processPeak), mib(baseProcessPeak))
}
