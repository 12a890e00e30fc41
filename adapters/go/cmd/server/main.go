// Command server is the mcp-conform server adapter for the Go MCP SDK: the fixture surface of
// adapters/FIXTURE.md over stdio or Streamable HTTP, for both protocol eras.
//
//	server stdio                 both eras on stdin/stdout (the first message decides)
//	server http <port> [path]    both eras on http://127.0.0.1:<port><path> (default /mcp)
//
// stdout belongs to the MCP stdio stream: everything this program says itself goes to stderr.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
)

const usage = "usage: server stdio | server http <port> [path]"

func main() {
	log.SetFlags(0)
	log.SetPrefix("[mcp-conform adapter] ")
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	switch {
	case len(args) == 1 && args[0] == "stdio":
		return serveStdio(ctx)
	case len(args) >= 2 && len(args) <= 3 && args[0] == "http":
		port, err := strconv.Atoi(args[1])
		if err != nil || port < 0 || port > 65535 {
			return fmt.Errorf("invalid port %q", args[1])
		}
		path := "/mcp"
		if len(args) == 3 {
			path = args[2]
		}
		if !strings.HasPrefix(path, "/") {
			return fmt.Errorf("path must start with \"/\": %q", path)
		}
		return serveHTTP(ctx, port, path)
	}
	fmt.Fprintln(os.Stderr, usage)
	os.Exit(2)
	return nil
}
