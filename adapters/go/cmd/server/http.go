package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"mcp-conform/adapters/go/internal/fixture"
)

const (
	host          = "127.0.0.1"
	shutdownGrace = 2 * time.Second
	// maxPeek bounds how much of a POST body is read to pick the era (the SDK's default body limit).
	maxPeek = mcp.DefaultMaxRequestBodyBytes
)

// serveHTTP serves both eras on one endpoint. The SDK serves the handshake era with a stateful
// handler (sessions, GET stream, DELETE) and the stateless era only with a handler built with
// Stateless: true, so requests are split between two handlers, each with one fixture Server shared by
// all its requests (list changes reach the sessions and listen streams of that Server).
func serveHTTP(ctx context.Context, port int, path string) error {
	hub := fixture.NewHub()
	handshake := fixture.New(fixture.Handshake, hub)
	stateless := fixture.New(fixture.Stateless, hub)
	// The in-memory event store gives request streams event ids, so a client can resume a lost stream.
	stateful := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return handshake },
		&mcp.StreamableHTTPOptions{EventStore: mcp.NewMemoryEventStore(nil)})
	sessionless := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return stateless },
		// A client that closes a call's stream cancels the call (2026-07-28); the SDK does this only when asked.
		&mcp.StreamableHTTPOptions{Stateless: true, PropagateRequestCancellation: true})

	mux := http.NewServeMux()
	mux.Handle(path, byEra(stateful, sessionless))

	ln, err := net.Listen("tcp", fmt.Sprintf("%s:%d", host, port))
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Printf("ready: mcp-conform adapter ready on http://%s%s", ln.Addr(), path)

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Open SSE streams keep Shutdown waiting: cut them.
		srv.Close()
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// byEra routes a request without a session id to the stateless-era handler when it belongs to
// 2026-07-28 or later: by its MCP-Protocol-Version header, or else by the version its body's _meta
// names (so that the SDK, not the router, judges a header that disagrees with the body). Everything
// else belongs to the handshake era.
func byEra(handshake, stateless http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Mcp-Session-Id") == "" &&
			(r.Header.Get("Mcp-Protocol-Version") >= statelessVersion || statelessBody(r)) {
			stateless.ServeHTTP(w, r)
			return
		}
		handshake.ServeHTTP(w, r)
	})
}

// statelessBody peeks at a POST body and puts it back unchanged for the handler.
func statelessBody(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Body == nil {
		return false
	}
	peeked, err := io.ReadAll(io.LimitReader(r.Body, maxPeek))
	r.Body = readCloser{io.MultiReader(bytes.NewReader(peeked), r.Body), r.Body}
	return err == nil && isStatelessMessage(peeked)
}

type readCloser struct {
	io.Reader
	io.Closer
}
