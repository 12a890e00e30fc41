package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"mcp-conform/adapters/go/internal/fixture"
)

// serveStdio serves one connection on stdin/stdout. The SDK's stdio server answers both eras, but the
// eras list different tools, so the first message picks the fixture instance: a request carrying the
// 2026-07-28 _meta envelope (or server/discover) gets the stateless one, anything else the handshake one.
// The peeked line is replayed to the SDK unchanged.
func serveStdio(ctx context.Context) error {
	in := bufio.NewReaderSize(os.Stdin, 64*1024)
	first, err := in.ReadBytes('\n')
	if len(first) == 0 && err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
	era := fixture.Handshake
	if isStatelessMessage(first) {
		era = fixture.Stateless
	}
	server := fixture.New(era, fixture.NewHub())
	transport := &mcp.IOTransport{
		Reader: readCloser{io.MultiReader(bytes.NewReader(first), in), os.Stdin},
		Writer: os.Stdout,
	}
	err = server.Run(ctx, transport)
	if ctx.Err() != nil || errors.Is(err, io.EOF) {
		return nil
	}
	return err
}
