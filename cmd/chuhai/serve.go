package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"chuhai/internal/app"
)

func cmdServe(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg app.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	common(fs, &cfg)
	serverFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return serve(ctx, cfg, stdout, nil)
}

// serve migrates, then serves until ctx ends, finishing in-flight requests before it returns.
// ready, when set, runs once the listener is open (demo prints logins there).
func serve(ctx context.Context, cfg app.Config, stdout io.Writer, ready func(*app.App) error) error {
	log := logger(os.Stderr)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	// Jobs start once the schema is current and stop after the HTTP server has drained, so requests
	// in flight can still enqueue work that this or another instance will run.
	a.Jobs.Start(ctx)
	// Timers whose sweep was lost (say, armed by an instance that died mid-minute) are picked up.
	if err := a.Casework.ArmNext(ctx); err != nil {
		log.Warn("arming the casework timer sweep failed; it is armed again with the next timer", "err", err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := a.Jobs.Stop(stopCtx); err != nil {
			log.Warn("background jobs did not finish in time; their leases will expire and another run will retry them", "err", err)
		}
	}()
	h, err := a.Handler()
	if err != nil {
		return err
	}
	// Migrating and parsing every page's templates leaves some 30 MB of garbage that the runtime
	// would otherwise hand back to the system only slowly; give it back before serving.
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "db", string(a.DB.Dialect()))
	fmt.Fprintf(stdout, "chuhai is serving on http://%s\n", ln.Addr())
	if ready != nil {
		if err := ready(a); err != nil {
			srv.Close()
			return err
		}
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
