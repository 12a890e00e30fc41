package main

import (
	"encoding/json"
	"os"
	"sync"
)

// outcomes is the outcomes file (schema/client-outcome.schema.json): one JSON line each, written at
// once, so that a crash leaves what happened so far. Handlers write from the SDK's goroutines.
type outcomes struct {
	mu sync.Mutex
	f  *os.File
}

func openOutcomes(file string) (*outcomes, error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	return &outcomes{f: f}, nil
}

func (o *outcomes) write(line map[string]any) {
	b, err := json.Marshal(line)
	if err != nil {
		b, _ = json.Marshal(map[string]any{"event": "notification", "method": "mcp-conform/unserialisable", "params": err.Error()})
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.f.Write(append(b, '\n'))
}

func (o *outcomes) event(kind, method string, params any) {
	o.write(map[string]any{"event": kind, "method": method, "params": asJSON(params)})
}

func (o *outcomes) close() error { return o.f.Close() }

// asJSON turns an SDK value into plain JSON (nil stays nil), so the SDK's own marshalling decides
// what the outcome shows.
func asJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}
