// Command server is the mcp-conform server adapter for mark3labs/mcp-go: the fixture surface of
// adapters/FIXTURE.md over stdio or Streamable HTTP, both protocol eras from one process.
//
//	server stdio                 newline-delimited JSON-RPC on stdin/stdout
//	server http <port> [path]    Streamable HTTP on http://127.0.0.1:<port><path> (default /mcp)
//
// On stdio, stdout carries MCP messages only; everything else goes to stderr.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/mcp-conform/adapters/mcp-go/internal/fixture"
)

const (
	host         = "127.0.0.1"
	defaultPath  = "/mcp"
	shutdownWait = 2 * time.Second
	usage        = "usage: server stdio | server http <port> [path]"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := run(os.Args[1:], logger); err != nil {
		fmt.Fprintf(os.Stderr, "[mcp-conform adapter] %v\n", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New(usage)

func run(args []string, logger *slog.Logger) error {
	switch {
	case len(args) == 1 && args[0] == "stdio":
		return serveStdio(fixture.New(logger))
	case len(args) >= 2 && len(args) <= 3 && args[0] == "http":
		port, err := strconv.Atoi(args[1])
		if err != nil || port < 0 || port > 65535 {
			return fmt.Errorf("invalid port %q: %w", args[1], errUsage)
		}
		path := defaultPath
		if len(args) == 3 {
			path = args[2]
		}
		if !strings.HasPrefix(path, "/") {
			return fmt.Errorf("path must start with /: %w", errUsage)
		}
		return serveHTTP(fixture.New(logger), logger, port, path)
	default:
		return errUsage
	}
}

// serveStdio returns when stdin ends or on SIGTERM/SIGINT (ServeStdio handles both).
func serveStdio(s *server.MCPServer) error {
	err := server.ServeStdio(s, server.WithErrorLogger(log.New(os.Stderr, "[mcp-conform adapter] ", 0)))
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// serveHTTP mounts the SDK's Streamable HTTP handler on a listener bound to loopback, so the port is
// known (and the readiness line true) before the first request.
func serveHTTP(s *server.MCPServer, logger *slog.Logger, port int, path string) error {
	handler := server.NewStreamableHTTPServer(s,
		server.WithEndpointPath(path),
		// Track issued session ids, so that unknown and deleted ones get 404 (the default manager only
		// checks their format).
		server.WithStateful(true),
		server.WithStreamableHTTPLogger(logger),
	)
	mux := http.NewServeMux()
	mux.Handle(path, handler)
	httpServer := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	bound := listener.Addr().(*net.TCPAddr).Port
	fmt.Fprintf(os.Stderr, "mcp-conform adapter ready on http://%s:%d%s\n", host, bound, path)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(listener) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	_ = handler.Shutdown(shutdownCtx)
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return httpServer.Close()
	}
	return nil
}
