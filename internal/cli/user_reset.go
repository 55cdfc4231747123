package cli

import (
	"context"
	"fmt"

	"cyltrace"
	"cyltrace/internal/auth"
)

// runUserResetPassword gives a console account a new random password, shown
// once, to be changed at the next login. It also lifts a lockout and ends
// the account's sessions: the way back in for an administrator locked out
// with no other administrator to reset it in the console.
func runUserResetPassword(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "user reset-password", "user reset-password --username NAME")
	var d dbFlags
	d.register(fs)
	username := fs.String("username", "", "要重置密码的用户名")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *username == "" {
		return cyltrace.Errorf(cyltrace.EINVALID, "请用 --username 指定用户名")
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, _, err := s.UserByUsername(ctx, *username)
	if err != nil {
		return err
	}
	pw, err := firstPassword(u.Username, "")
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := s.SetPassword(ctx, u.ID, hash, true); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已重置 %s 的密码：%s\n该密码只显示这一次，登录后必须修改；原有登录会话已全部失效。\n", u.Username, pw)
	return nil
}
