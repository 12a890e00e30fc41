package main

import (
	"encoding/json"
	"errors"
	"os"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// outcomes is the outcomes file: JSON Lines written as things happen, so that a crash leaves what
// happened so far. Background calls and SDK handlers write from their own goroutines.
type outcomes struct {
	mu   sync.Mutex
	file *os.File
}

func openOutcomes(path string) (*outcomes, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &outcomes{file: f}, nil
}

func (o *outcomes) write(line map[string]any) {
	encoded, err := json.Marshal(line)
	if err != nil {
		encoded, _ = json.Marshal(map[string]any{"event": "notification", "method": "mcp-conform/unencodable", "params": err.Error()})
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.file.Write(append(encoded, '\n'))
}

func (o *outcomes) event(kind, method string, params any) {
	line := map[string]any{"event": kind}
	if method != "" {
		line["method"] = method
	}
	if params != nil {
		line["params"] = params
	}
	o.write(line)
}

func (o *outcomes) close() error { return o.file.Close() }

// errorLine is the outcome's error: the JSON-RPC code where the SDK's error still says which one it was.
// mcp-go turns an error response into a sentinel or typed error and drops the code of any other.
func errorLine(err error) map[string]any {
	line := map[string]any{"message": err.Error()}
	if code, ok := errorCode(err); ok {
		line["code"] = code
	}
	return line
}

func errorCode(err error) (int, bool) {
	sentinels := []struct {
		err  error
		code int
	}{
		{mcp.ErrParseError, mcp.PARSE_ERROR},
		{mcp.ErrInvalidRequest, mcp.INVALID_REQUEST},
		{mcp.ErrMethodNotFound, mcp.METHOD_NOT_FOUND},
		{mcp.ErrInvalidParams, mcp.INVALID_PARAMS},
		{mcp.ErrInternalError, mcp.INTERNAL_ERROR},
		{mcp.ErrRequestInterrupted, mcp.REQUEST_INTERRUPTED},
		{mcp.ErrResourceNotFound, mcp.RESOURCE_NOT_FOUND},
		{mcp.HeaderMismatchError{}, mcp.HEADER_MISMATCH},
		{mcp.MissingRequiredClientCapabilityError{}, mcp.MISSING_REQUIRED_CLIENT_CAPABILITY},
		{mcp.UnsupportedProtocolVersionError{}, mcp.UNSUPPORTED_PROTOCOL_VERSION},
		{mcp.URLElicitationRequiredError{}, mcp.URL_ELICITATION_REQUIRED},
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.code, true
		}
	}
	return 0, false
}
