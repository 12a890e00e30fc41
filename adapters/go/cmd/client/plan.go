package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// The client plan (schema/client-plan.schema.json). Fields the adapter does not interpret stay raw.

type target struct {
	Transport string            `json:"transport"`
	URL       string            `json:"url"`
	Command   []string          `json:"command"`
	Env       map[string]string `json:"env"`
}

// answer is how a handler answers one kind of server request: a result or a JSON-RPC error.
type answer struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int64  `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type answers struct {
	Sampling    *answer `json:"sampling"`
	Elicitation *answer `json:"elicitation"`
	Roots       *answer `json:"roots"`
}

type plan struct {
	Target          target                          `json:"target"`
	ProtocolVersion string                          `json:"protocolVersion"`
	ClientInfo      *struct{ Name, Version string } `json:"clientInfo"`
	Capabilities    map[string]json.RawMessage      `json:"capabilities"`
	Answers         answers                         `json:"answers"`
	TimeoutMs       int                             `json:"timeoutMs"`
	Actions         []action                        `json:"-"`
}

// action is one plan step: its key (kind), its arguments and an optional label.
type action struct {
	Kind  string
	Args  map[string]any
	Label string
}

// planError is a malformed plan or command line: exit status 2.
type planError struct{ msg string }

func (e planError) Error() string { return e.msg }

func planErrorf(format string, args ...any) error { return planError{fmt.Sprintf(format, args...)} }

var actionKinds = []string{
	"connect", "ping", "listTools", "listResources", "listResourceTemplates", "listPrompts", "callTool",
	"readResource", "getPrompt", "complete", "setLoggingLevel", "subscribe", "unsubscribe", "cancel", "wait",
	"sleep", "rootsChanged", "close",
}

var requiredArgs = map[string][]string{
	"callTool": {"name"}, "readResource": {"uri"}, "getPrompt": {"name"}, "complete": {"ref", "argument"},
	"setLoggingLevel": {"level"}, "subscribe": {"uri"}, "unsubscribe": {"uri"}, "cancel": {"label"},
	"wait": {"label"}, "sleep": {"ms"},
}

func readPlan(file string) (*plan, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, planErrorf("cannot read the plan %s: %v", file, err)
	}
	var p plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, planErrorf("the plan is not valid: %v", err)
	}
	var raw struct {
		Actions []map[string]json.RawMessage `json:"actions"`
	}
	if err := json.Unmarshal(data, &raw); err != nil || raw.Actions == nil {
		return nil, planErrorf("actions must be an array of objects")
	}
	if err := checkTarget(p.Target); err != nil {
		return nil, err
	}
	if p.TimeoutMs == 0 {
		p.TimeoutMs = 10_000
	}
	if p.TimeoutMs < 0 {
		return nil, planErrorf("timeoutMs must be a positive integer")
	}
	background := map[string]bool{}
	for i, a := range raw.Actions {
		act, err := readAction(i, a, background)
		if err != nil {
			return nil, err
		}
		p.Actions = append(p.Actions, act)
	}
	return &p, nil
}

func checkTarget(t target) error {
	switch t.Transport {
	case "http", "sse":
		if t.URL == "" {
			return planErrorf("target.url is required")
		}
	case "stdio":
		if len(t.Command) == 0 {
			return planErrorf("target.command must be a non-empty array of strings")
		}
	default:
		return planErrorf("target.transport must be http, sse or stdio, not %q", t.Transport)
	}
	return nil
}

func readAction(i int, a map[string]json.RawMessage, background map[string]bool) (action, error) {
	where := fmt.Sprintf("actions[%d]", i)
	var act action
	if raw, ok := a["label"]; ok {
		if err := json.Unmarshal(raw, &act.Label); err != nil {
			return act, planErrorf("%s.label must be a string", where)
		}
		delete(a, "label")
	}
	if len(a) != 1 {
		return act, planErrorf("%s must have exactly one action key, has %d", where, len(a))
	}
	for kind, raw := range a {
		act.Kind = kind
		if !slices.Contains(actionKinds, kind) {
			return act, planErrorf("%s: unknown action %s", where, kind)
		}
		if err := json.Unmarshal(raw, &act.Args); err != nil || act.Args == nil {
			return act, planErrorf("%s.%s must be an object", where, kind)
		}
	}
	for _, field := range requiredArgs[act.Kind] {
		if _, ok := act.Args[field]; !ok {
			return act, planErrorf("%s.%s.%s is required", where, act.Kind, field)
		}
	}
	switch act.Kind {
	case "callTool":
		if act.Args["background"] == true {
			if act.Label == "" {
				return act, planErrorf("%s: a background callTool needs a label", where)
			}
			background[act.Label] = true
		}
	case "cancel", "wait":
		if label, _ := act.Args["label"].(string); !background[label] {
			return act, planErrorf("%s.%s.label names no earlier background callTool: %v", where, act.Kind, act.Args["label"])
		}
	case "sleep":
		if ms, ok := act.Args["ms"].(float64); !ok || ms < 0 || ms != float64(int64(ms)) {
			return act, planErrorf("%s.sleep.ms must be a non-negative integer", where)
		}
	}
	return act, nil
}
