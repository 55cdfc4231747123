package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

// suiteTime is fixedNow as the store keeps it: UTC, microseconds.
var suiteTime = fixedNow.UTC().Truncate(time.Microsecond)

func mustUser(t *testing.T, s *store.Store, u *cyltrace.User, password string) *cyltrace.User {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx(t), u, hash); err != nil {
		t.Fatalf("create user %s: %v", u.Username, err)
	}
	return u
}

func cityAdmin() *cyltrace.User {
	return &cyltrace.User{Username: "admin", DisplayName: "市局管理员", Roles: []cyltrace.UserRole{cyltrace.CityAdmin},
		MustChangePassword: true}
}

func acceptor(name, region string) *cyltrace.User {
	return &cyltrace.User{Username: name, DisplayName: "受理人" + name, RegionCode: region,
		Roles: []cyltrace.UserRole{cyltrace.DistrictAcceptor, cyltrace.DistrictReviewer}}
}

func mustSession(t *testing.T, s *store.Store, userID int64, token string, expires time.Time) {
	t.Helper()
	err := s.CreateSession(ctx(t), store.Session{TokenHash: auth.Hash(token), UserID: userID, CSRF: "csrf-" + token,
		Address: "10.0.0.9", ExpiresAt: expires})
	if err != nil {
		t.Fatalf("create session %s: %v", token, err)
	}
}

// wantSession fails unless the session of token is good and belongs to userID.
func wantSession(t *testing.T, s *store.Store, token string, userID int64) {
	t.Helper()
	u, csrf, err := s.SessionUser(ctx(t), auth.Hash(token))
	if err != nil || u.ID != userID || csrf != "csrf-"+token {
		t.Fatalf("SessionUser(%s) = %+v, %q, %v; want user %d", token, u, csrf, err, userID)
	}
}

// wantNoSession fails unless the session of token is refused as EUNAUTHORIZED.
func wantNoSession(t *testing.T, s *store.Store, token, why string) {
	t.Helper()
	u, _, err := s.SessionUser(ctx(t), auth.Hash(token))
	if cyltrace.ErrorCode(err) != cyltrace.EUNAUTHORIZED || u != nil {
		t.Fatalf("SessionUser(%s) %s = %+v, %v; want EUNAUTHORIZED", token, why, u, err)
	}
}

// testUsers: accounts round-trip with their roles, region and unit; the
// username is unique; the password is stored only as its hash.
func testUsers(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	unit := mustUnit(t, s, "91500107MA5UG4925L", "500107", cyltrace.KindFilling)
	admin := mustUser(t, s, cityAdmin(), "Chongqing2026")
	yz := mustUser(t, s, acceptor("yz-shouli", "500103"), "Yuzhong2026a")
	jlp := mustUser(t, s, acceptor("jlp-shouli", "500107"), "Jiulongpo2026")
	unitUser := mustUser(t, s, &cyltrace.User{Username: unit.Code, DisplayName: unit.Name, UnitID: unit.ID,
		Roles: []cyltrace.UserRole{cyltrace.UnitUser}, MustChangePassword: true}, "Qinglan2026x")
	if admin.ID == 0 || yz.ID == 0 || admin.CreatedAt != suiteTime || admin.CreatedAt.Location() != time.UTC {
		t.Errorf("created user: id %d, createdAt %v; want an id and %v", admin.ID, admin.CreatedAt, suiteTime)
	}

	dup := acceptor("admin", "500101")
	err := s.CreateUser(ctx(t), dup, "x")
	wantCode(t, err, cyltrace.ECONFLICT)
	if !strings.Contains(cyltrace.ErrorMessage(err), "admin") {
		t.Errorf("conflict message %q does not name the username", cyltrace.ErrorMessage(err))
	}
	wantCode(t, s.CreateUser(ctx(t), &cyltrace.User{Username: "ghost", DisplayName: "无", UnitID: 9999,
		Roles: []cyltrace.UserRole{cyltrace.UnitUser}}, "x"), cyltrace.ENOTFOUND)

	got, err := s.User(ctx(t), unitUser.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Username != unit.Code || got.UnitID != unit.ID || got.RegionCode != "" || !got.HasRole(cyltrace.UnitUser) ||
		len(got.Roles) != 1 || !got.MustChangePassword || got.FailedLogins != 0 || got.Locked(suiteTime) ||
		got.Disabled() || got.CreatedAt != suiteTime {
		t.Errorf("User(%d) = %+v", unitUser.ID, got)
	}
	byName, hash, err := s.UserByUsername(ctx(t), "yz-shouli")
	if err != nil {
		t.Fatal(err)
	}
	if byName.ID != yz.ID || byName.RegionCode != "500103" || byName.UnitID != 0 || byName.MustChangePassword ||
		strings.Join(roleNames(byName.Roles), ",") != "district_acceptor,district_reviewer" {
		t.Errorf("UserByUsername = %+v", byName)
	}
	if hash == "Yuzhong2026a" || strings.Contains(hash, "Yuzhong2026a") || !auth.VerifyPassword(hash, "Yuzhong2026a") {
		t.Errorf("stored hash %q is the password or does not verify it", hash)
	}
	_, _, err = s.UserByUsername(ctx(t), "nobody")
	wantCode(t, err, cyltrace.ENOTFOUND)
	_, err = s.User(ctx(t), 9999)
	wantCode(t, err, cyltrace.ENOTFOUND)

	for _, tt := range []struct {
		name   string
		filter store.UserFilter
		want   []string
	}{
		{"all, by username", store.UserFilter{}, []string{unit.Code, "admin", "jlp-shouli", "yz-shouli"}},
		{"one region", store.UserFilter{RegionCode: "500107"}, []string{jlp.Username}},
		{"one unit", store.UserFilter{UnitID: unit.ID}, []string{unit.Code}},
		{"a page", store.UserFilter{Limit: 2, Offset: 1}, []string{"admin", "jlp-shouli"}},
		{"an empty region", store.UserFilter{RegionCode: "500101"}, nil},
	} {
		list, err := s.Users(ctx(t), tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range list {
			names = append(names, u.Username)
		}
		if strings.Join(names, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Users(%s) = %v, want %v", tt.name, names, tt.want)
		}
	}
}

func roleNames(roles []cyltrace.UserRole) []string {
	var names []string
	for _, r := range roles {
		names = append(names, string(r))
	}
	return names
}

// testLockout: the Nth wrong password in a row locks the account for the
// given time and ends its sessions; a good login clears the count; after
// the lock the count starts again.
func testLockout(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	u := mustUser(t, s, acceptor("yz-shouli", "500103"), "Yuzhong2026a")
	mustSession(t, s, u.ID, "before-lock", fixedNow.Add(8*time.Hour))
	const lockAfter, lockFor = 6, 15 * time.Minute

	for i := 1; i < lockAfter; i++ {
		until, err := s.LoginFailed(ctx(t), u.ID, lockAfter, lockFor)
		if err != nil || !until.IsZero() {
			t.Fatalf("wrong password %d: locked until %v, %v; want no lock", i, until, err)
		}
	}
	got, _ := s.User(ctx(t), u.ID)
	if got.FailedLogins != lockAfter-1 || got.Locked(suiteTime) {
		t.Fatalf("after %d wrong passwords: %d counted, locked until %v", lockAfter-1, got.FailedLogins, got.LockedUntil)
	}
	// A good login clears the count; the next lock needs all N again.
	if err := s.LoginSucceeded(ctx(t), u.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx(t), u.ID); got.FailedLogins != 0 {
		t.Fatalf("after a good login %d wrong passwords are counted", got.FailedLogins)
	}
	var until time.Time
	for i := 1; i <= lockAfter; i++ {
		var err error
		until, err = s.LoginFailed(ctx(t), u.ID, lockAfter, lockFor)
		if err != nil {
			t.Fatal(err)
		}
		if locked := !until.IsZero(); locked != (i == lockAfter) {
			t.Fatalf("wrong password %d after a good login: locked until %v", i, until)
		}
	}
	if want := suiteTime.Add(lockFor); !until.Equal(want) {
		t.Errorf("locked until %v, want %v (the store's clock + %v)", until, want, lockFor)
	}
	got, _ = s.User(ctx(t), u.ID)
	if !got.Locked(suiteTime) || !got.LockedUntil.Equal(suiteTime.Add(lockFor)) || got.FailedLogins != lockAfter {
		t.Errorf("locked user = %+v", got)
	}
	wantNoSession(t, s, "before-lock", "of a user locked since")
	// A session made during the lock is refused too; more wrong passwords
	// change nothing.
	mustSession(t, s, u.ID, "during-lock", fixedNow.Add(8*time.Hour))
	wantNoSession(t, s, "during-lock", "of a locked user")
	again, err := s.LoginFailed(ctx(t), u.ID, lockAfter, lockFor)
	if err != nil || !again.Equal(until) {
		t.Errorf("wrong password during the lock: until %v, %v; want %v unchanged", again, err, until)
	}
	if log, _ := s.AuditLog(ctx(t), store.AuditFilter{Action: "user.lock"}); len(log) != 1 || log[0].Object != u.Username ||
		!strings.Contains(string(log[0].After), suiteTime.Add(lockFor).Format("2006-01-02T15:04:05")) {
		t.Errorf("audit of the lock: %+v", log)
	}

	// After the lock: the account works again and the count starts over.
	later, err := store.Open(ctx(t), dsn, store.WithClock(func() time.Time { return fixedNow.Add(lockFor + time.Minute) }))
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	mustSession(t, later, u.ID, "after-lock", fixedNow.Add(8*time.Hour))
	wantSession(t, later, "after-lock", u.ID)
	if until, err := later.LoginFailed(ctx(t), u.ID, lockAfter, lockFor); err != nil || !until.IsZero() {
		t.Errorf("first wrong password after the lock: locked until %v, %v", until, err)
	}
	if got, _ := later.User(ctx(t), u.ID); got.FailedLogins != 1 || !got.LockedUntil.IsZero() {
		t.Errorf("after the lock ran out and one wrong password: %+v", got)
	}

	_, err = s.LoginFailed(ctx(t), 9999, lockAfter, lockFor)
	wantCode(t, err, cyltrace.ENOTFOUND)
	wantCode(t, s.LoginSucceeded(ctx(t), 9999), cyltrace.ENOTFOUND)
}

// testSessions: a session is good until it expires, is deleted, or its
// user changes password or is disabled.
func testSessions(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	admin := mustUser(t, s, cityAdmin(), "Chongqing2026")
	other := mustUser(t, s, acceptor("yz-shouli", "500103"), "Yuzhong2026a")
	mustSession(t, s, admin.ID, "a1", fixedNow.Add(8*time.Hour))
	mustSession(t, s, admin.ID, "a2", fixedNow.Add(8*time.Hour))
	mustSession(t, s, admin.ID, "expired", fixedNow.Add(-time.Second))
	mustSession(t, s, other.ID, "o1", fixedNow.Add(8*time.Hour))

	wantSession(t, s, "a1", admin.ID)
	u, _, _ := s.SessionUser(ctx(t), auth.Hash("a1"))
	if u.Username != "admin" || !u.HasRole(cyltrace.CityAdmin) || !u.MustChangePassword {
		t.Errorf("session user = %+v", u)
	}
	wantNoSession(t, s, "expired", "past its expiry")
	wantNoSession(t, s, "unknown", "never made")
	wantNoSession(t, s, "a1x", "of a wrong token")
	wantCode(t, s.CreateSession(ctx(t), store.Session{TokenHash: auth.Hash("a1"), UserID: admin.ID, CSRF: "c",
		Address: "x", ExpiresAt: fixedNow.Add(time.Hour)}), cyltrace.ECONFLICT)
	wantCode(t, s.CreateSession(ctx(t), store.Session{TokenHash: auth.Hash("n"), UserID: 9999, CSRF: "c",
		Address: "x", ExpiresAt: fixedNow.Add(time.Hour)}), cyltrace.ENOTFOUND)

	// Reading a session a while later keeps when it was last seen.
	later, err := store.Open(ctx(t), dsn, store.WithClock(func() time.Time { return fixedNow.Add(5 * time.Minute) }))
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	wantSession(t, later, "a2", admin.ID)
	var seen time.Time
	if err := rawDB(t, dsn).QueryRow(rebind(dsn, `SELECT last_seen_at FROM sessions WHERE token_hash = ?`),
		auth.Hash("a2")).Scan(&seen); err != nil || !seen.Equal(suiteTime.Add(5*time.Minute)) {
		t.Errorf("last seen %v (%v), want %v", seen, err, suiteTime.Add(5*time.Minute))
	}

	// Logout.
	if err := s.DeleteSession(ctx(t), auth.Hash("a2")); err != nil {
		t.Fatal(err)
	}
	wantNoSession(t, s, "a2", "after logout")
	if err := s.DeleteSession(ctx(t), auth.Hash("a2")); err != nil {
		t.Errorf("a second logout: %v", err)
	}

	// A password change ends every session of the user, and only of the user.
	newHash, _ := auth.HashPassword("Newpassword2026")
	if err := s.SetPassword(ctx(t), admin.ID, newHash, false); err != nil {
		t.Fatal(err)
	}
	wantNoSession(t, s, "a1", "after a password change")
	wantSession(t, s, "o1", other.ID)
	got, hash, _ := s.UserByUsername(ctx(t), "admin")
	if hash != newHash || got.MustChangePassword || !auth.VerifyPassword(hash, "Newpassword2026") {
		t.Errorf("after SetPassword: %+v, hash %q", got, hash)
	}
	wantCode(t, s.SetPassword(ctx(t), 9999, newHash, true), cyltrace.ENOTFOUND)

	// Disabling ends the sessions, and a session made later is refused too.
	if err := s.DisableUser(ctx(t), other.ID); err != nil {
		t.Fatal(err)
	}
	wantNoSession(t, s, "o1", "of a disabled user")
	mustSession(t, s, other.ID, "o2", fixedNow.Add(8*time.Hour))
	wantNoSession(t, s, "o2", "made for a disabled user")
	if got, _ := s.User(ctx(t), other.ID); !got.Disabled() || !got.DisabledAt.Equal(suiteTime) {
		t.Errorf("disabled user = %+v", got)
	}
	if err := s.DisableUser(ctx(t), other.ID); err != nil {
		t.Errorf("disabling twice: %v", err)
	}
	wantCode(t, s.DisableUser(ctx(t), 9999), cyltrace.ENOTFOUND)
}

// rebind turns ? into $n for a PostgreSQL DSN, for queries on rawDB.
func rebind(dsn, query string) string {
	if _, ok := store.SQLitePath(dsn); ok {
		return query
	}
	for n := 1; strings.Contains(query, "?"); n++ {
		query = strings.Replace(query, "?", "$"+string(rune('0'+n)), 1)
	}
	return query
}

// testAccountAudit: every change to an account is in the audit trail, and
// no line of it holds a password or its hash.
func testAccountAudit(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	c := store.WithActor(ctx(t), store.Actor{Who: "cli:root", Address: "cli"})
	const first, second = "Chongqing2026", "Newpassword2026"
	hash1, _ := auth.HashPassword(first)
	hash2, _ := auth.HashPassword(second)
	admin := cityAdmin()
	if err := s.CreateUser(c, admin, hash1); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(c, store.Session{TokenHash: auth.Hash("tok"), UserID: admin.ID, CSRF: "csrf-tok",
		Address: "10.0.0.9", ExpiresAt: fixedNow.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(c, auth.Hash("tok")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(c, admin.ID, hash2, false); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := s.LoginFailed(c, admin.ID, 3, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DisableUser(c, admin.ID); err != nil {
		t.Fatal(err)
	}

	log, err := s.AuditLog(ctx(t), store.AuditFilter{Object: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
		if e.Actor != "cli:root" || e.Address != "cli" || !e.At.Equal(suiteTime) {
			t.Errorf("%s entry: actor %q, address %q, at %v", e.Action, e.Actor, e.Address, e.At)
		}
		for _, v := range []string{string(e.Before), string(e.After)} {
			for _, secret := range []string{first, second, hash1, hash2, "argon2", "csrf-tok", auth.Hash("tok")} {
				if strings.Contains(v, secret) {
					t.Errorf("%s entry holds a secret (%.12s…): %s", e.Action, secret, v)
				}
			}
		}
	}
	want := "user.disable,user.lock,user.password,user.logout,user.login,user.create"
	if strings.Join(actions, ",") != want {
		t.Errorf("audit actions (newest first) = %v, want %s", actions, want)
	}
	created := log[len(log)-1]
	if created.Before != nil || !strings.Contains(string(created.After), `"username":"admin"`) ||
		!strings.Contains(string(created.After), `"roles":["city_admin"]`) {
		t.Errorf("user.create entry: before %s, after %s", created.Before, created.After)
	}
	if login := log[len(log)-2]; !strings.Contains(string(login.After), "10.0.0.9") {
		t.Errorf("user.login entry lacks the address: %s", login.After)
	}

	// Nowhere in the audit table, whatever its columns.
	var n int
	err = rawDB(t, dsn).QueryRowContext(context.Background(), rebind(dsn, `SELECT COUNT(*) FROM audit_log
		WHERE after LIKE ? OR before LIKE ? OR object LIKE ?`), "%argon2%", "%argon2%", "%argon2%").Scan(&n)
	if err != nil || n != 0 {
		t.Errorf("audit lines holding a hash: %d (%v)", n, err)
	}
}
