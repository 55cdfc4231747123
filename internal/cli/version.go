package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is the release of cyltrace.
const Version = "0.1.0"

func runVersion(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "version", "version")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	rev := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(env.Stdout, "cyltrace %s%s (%s)\n", Version, rev, runtime.Version())
	return nil
}
