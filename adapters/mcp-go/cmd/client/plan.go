package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// plan is a client plan (schema/client-plan.schema.json).
type plan struct {
	Target          target                       `json:"target"`
	ProtocolVersion string                       `json:"protocolVersion"`
	ClientInfo      *clientInfo                  `json:"clientInfo"`
	Capabilities    map[string]json.RawMessage   `json:"capabilities"`
	Answers         answers                      `json:"answers"`
	TimeoutMs       int                          `json:"timeoutMs"`
	Actions         []action                     `json:"-"`
	RawActions      []map[string]json.RawMessage `json:"actions"`
}

type target struct {
	Transport string            `json:"transport"`
	URL       string            `json:"url"`
	Command   []string          `json:"command"`
	Env       map[string]string `json:"env"`
}

type clientInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type answers struct {
	Sampling    *answer `json:"sampling"`
	Elicitation *answer `json:"elicitation"`
	Roots       *answer `json:"roots"`
}

// answer is what a handler gives back: a result, or an error.
type answer struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// action is one plan step: its kind (the action key), arguments and optional label.
type action struct {
	Kind  string
	Label string
	Args  actionArgs
}

// actionArgs is the union of every action's arguments.
type actionArgs struct {
	TimeoutMs  *int            `json:"timeoutMs"`
	All        *bool           `json:"all"`
	Name       string          `json:"name"`
	Arguments  json.RawMessage `json:"arguments"`
	Progress   bool            `json:"progress"`
	Background bool            `json:"background"`
	Task       json.RawMessage `json:"task"`
	URI        string          `json:"uri"`
	Ref        json.RawMessage `json:"ref"`
	Argument   json.RawMessage `json:"argument"`
	Context    json.RawMessage `json:"context"`
	Level      string          `json:"level"`
	Label      string          `json:"label"`
	Reason     string          `json:"reason"`
	Ms         *int            `json:"ms"`
}

// errPlan marks a plan the program cannot run (exit status 2).
var errPlan = errors.New("bad plan")

func planError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errPlan, fmt.Sprintf(format, args...))
}

var required = map[string][]string{
	"callTool": {"name"}, "readResource": {"uri"}, "getPrompt": {"name"}, "complete": {"ref", "argument"},
	"setLoggingLevel": {"level"}, "subscribe": {"uri"}, "unsubscribe": {"uri"}, "cancel": {"label"},
	"wait": {"label"}, "sleep": {"ms"},
}

var known = map[string]bool{
	"connect": true, "ping": true, "listTools": true, "listResources": true, "listResourceTemplates": true,
	"listPrompts": true, "callTool": true, "readResource": true, "getPrompt": true, "complete": true,
	"setLoggingLevel": true, "subscribe": true, "unsubscribe": true, "cancel": true, "wait": true, "sleep": true,
	"rootsChanged": true, "close": true,
}

func readPlan(file string) (*plan, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, planError("cannot read the plan: %v", err)
	}
	var p plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, planError("the plan is not valid JSON of the plan's shape: %v", err)
	}
	if err := p.Target.check(); err != nil {
		return nil, err
	}
	if p.TimeoutMs == 0 {
		p.TimeoutMs = 10000
	}
	if p.TimeoutMs < 0 {
		return nil, planError("timeoutMs must be positive")
	}
	if p.ClientInfo == nil {
		p.ClientInfo = &clientInfo{Name: "mcp-conform-mcp-go", Version: "0.1.0"}
	}
	for _, a := range []*answer{p.Answers.Sampling, p.Answers.Elicitation, p.Answers.Roots} {
		if a != nil && (a.Result == nil) == (a.Error == nil) {
			return nil, planError("an answer must be {result: {...}} or {error: {code, message}}")
		}
	}
	if p.Capabilities == nil {
		p.Capabilities = impliedCapabilities(p.Answers)
	}
	p.Actions, err = readActions(p.RawActions)
	return &p, err
}

func (t target) check() error {
	switch t.Transport {
	case "http", "sse":
		if t.URL == "" {
			return planError("target.url is required")
		}
	case "stdio":
		if len(t.Command) == 0 {
			return planError("target.command must be a non-empty array")
		}
	default:
		return planError("target.transport must be http, sse or stdio, not %q", t.Transport)
	}
	return nil
}

// impliedCapabilities declares what the answers need when the plan declares nothing.
func impliedCapabilities(a answers) map[string]json.RawMessage {
	caps := map[string]json.RawMessage{}
	if a.Sampling != nil {
		caps["sampling"] = json.RawMessage(`{}`)
	}
	if a.Elicitation != nil {
		caps["elicitation"] = json.RawMessage(`{"form":{}}`)
	}
	if a.Roots != nil {
		caps["roots"] = json.RawMessage(`{"listChanged":true}`)
	}
	return caps
}

func readActions(raw []map[string]json.RawMessage) ([]action, error) {
	background := map[string]bool{}
	actions := make([]action, 0, len(raw))
	for i, entry := range raw {
		a, err := readAction(i, entry)
		if err != nil {
			return nil, err
		}
		if a.Kind == "callTool" && a.Args.Background {
			if a.Label == "" {
				return nil, planError("actions[%d]: a background callTool needs a label", i)
			}
			background[a.Label] = true
		}
		if (a.Kind == "cancel" || a.Kind == "wait") && !background[a.Args.Label] {
			return nil, planError("actions[%d].%s.label names no earlier background callTool: %q", i, a.Kind, a.Args.Label)
		}
		actions = append(actions, a)
	}
	return actions, nil
}

func readAction(i int, entry map[string]json.RawMessage) (action, error) {
	var a action
	if raw, ok := entry["label"]; ok {
		if err := json.Unmarshal(raw, &a.Label); err != nil {
			return a, planError("actions[%d].label must be a string", i)
		}
	}
	for key, raw := range entry {
		if key == "label" {
			continue
		}
		if a.Kind != "" {
			return a, planError("actions[%d] must have exactly one action key", i)
		}
		if !known[key] {
			return a, planError("actions[%d]: unknown action %s", i, key)
		}
		a.Kind = key
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
			return a, planError("actions[%d].%s must be an object", i, key)
		}
		for _, name := range required[key] {
			if _, ok := fields[name]; !ok {
				return a, planError("actions[%d].%s.%s is required", i, key, name)
			}
		}
		if err := json.Unmarshal(raw, &a.Args); err != nil {
			return a, planError("actions[%d].%s: %v", i, key, err)
		}
	}
	if a.Kind == "" {
		return a, planError("actions[%d] has no action key", i)
	}
	return a, nil
}
