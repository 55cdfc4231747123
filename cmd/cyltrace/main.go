// Command cyltrace runs the city-wide gas cylinder traceability system.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"cyltrace/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
