package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

const statelessVersion = "2026-07-28"

// errUnsupported prefixes what the SDK cannot do: such actions fail without sending anything.
var errUnsupported = errors.New("unsupported by this SDK")

// background is a callTool started with background: true.
type background struct {
	cancel context.CancelFunc
	done   chan struct{}
	result any
	err    error
}

type runner struct {
	plan    *plan
	out     *outcomes
	client  *mcp.Client
	roots   []*mcp.Root
	session *mcp.ClientSession
	calls   map[string]*background
}

func newRunner(p *plan, out *outcomes) (*runner, error) {
	caps, err := capabilities(p)
	if err != nil {
		return nil, err
	}
	roots, err := planRoots(p.Answers.Roots)
	if err != nil {
		return nil, err
	}
	info := &mcp.Implementation{Name: "mcp-conform-go", Version: "0.1.0"}
	if p.ClientInfo != nil {
		info = &mcp.Implementation{Name: p.ClientInfo.Name, Version: p.ClientInfo.Version}
	}
	c := mcp.NewClient(info, clientOptions(p, caps, out))
	c.AddReceivingMiddleware(rootsMiddleware(p.Answers.Roots, out))
	// The SDK answers roots/list from the client's roots list.
	c.AddRoots(roots...)
	return &runner{plan: p, out: out, client: c, roots: roots, calls: map[string]*background{}}, nil
}

func (r *runner) timeout() time.Duration { return time.Duration(r.plan.TimeoutMs) * time.Millisecond }

// run carries out every action in order; failed actions are outcomes, not errors.
func (r *runner) run() {
	for i, a := range r.plan.Actions {
		base := map[string]any{"action": a.Kind, "index": i}
		if a.Label != "" {
			base["label"] = a.Label
		}
		if a.Kind == "callTool" && a.Args["background"] == true {
			r.startBackground(a, base)
			continue
		}
		started := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), r.bound(a))
		result, err := r.perform(ctx, a)
		cancel()
		r.out.write(outcome(base, result, err, started))
	}
	for _, b := range r.calls {
		<-b.done
	}
}

// bound is the action's time limit; a connect with its own timeout gets that one.
func (r *runner) bound(a action) time.Duration {
	if ms, ok := a.Args["timeoutMs"].(float64); ok && a.Kind == "connect" && ms > 0 {
		return time.Duration(ms) * time.Millisecond
	}
	return r.timeout()
}

func outcome(base map[string]any, result any, err error, started time.Time) map[string]any {
	line := map[string]any{}
	for k, v := range base {
		line[k] = v
	}
	line["ok"] = err == nil
	if err != nil {
		line["error"] = errorOf(err)
	} else if result != nil {
		line["result"] = asJSON(result)
	}
	line["ms"] = float64(time.Since(started).Microseconds()) / 1000
	return line
}

// errorOf exposes the JSON-RPC code when the SDK surfaces a *jsonrpc.Error.
func errorOf(err error) map[string]any {
	e := map[string]any{"message": err.Error()}
	var wire *jsonrpc.Error
	if errors.As(err, &wire) {
		e["code"] = wire.Code
	}
	return e
}

func (r *runner) perform(ctx context.Context, a action) (any, error) {
	if a.Kind == "connect" {
		return r.connect(ctx)
	}
	if a.Kind == "sleep" {
		time.Sleep(time.Duration(a.Args["ms"].(float64)) * time.Millisecond)
		return nil, nil
	}
	if a.Kind == "cancel" || a.Kind == "wait" {
		return r.background(ctx, a)
	}
	if r.session == nil {
		return nil, errors.New("not connected: the plan has no successful connect before this action")
	}
	cs := r.session
	switch a.Kind {
	case "ping":
		return nil, cs.Ping(ctx, nil)
	case "listTools":
		return list(ctx, a, "tools", cs.ListTools, cs.Tools)
	case "listResources":
		return list(ctx, a, "resources", cs.ListResources, cs.Resources)
	case "listResourceTemplates":
		return list(ctx, a, "resourceTemplates", cs.ListResourceTemplates, cs.ResourceTemplates)
	case "listPrompts":
		return list(ctx, a, "prompts", cs.ListPrompts, cs.Prompts)
	case "callTool":
		return r.callTool(ctx, a.Args)
	case "readResource":
		return cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: str(a.Args["uri"])})
	case "getPrompt":
		var p mcp.GetPromptParams
		if err := convert(a.Args, &p); err != nil {
			return nil, err
		}
		return cs.GetPrompt(ctx, &p)
	case "complete":
		var p mcp.CompleteParams
		if err := convert(a.Args, &p); err != nil {
			return nil, err
		}
		return cs.Complete(ctx, &p)
	case "setLoggingLevel":
		return nil, cs.SetLoggingLevel(ctx, &mcp.SetLoggingLevelParams{Level: mcp.LoggingLevel(str(a.Args["level"]))})
	case "subscribe":
		return nil, cs.Subscribe(ctx, &mcp.SubscribeParams{URI: str(a.Args["uri"])})
	case "unsubscribe":
		return nil, cs.Unsubscribe(ctx, &mcp.UnsubscribeParams{URI: str(a.Args["uri"])})
	case "rootsChanged":
		return nil, r.rootsChanged()
	case "close":
		return nil, cs.Close()
	}
	return nil, fmt.Errorf("unknown action %s", a.Kind)
}

// connect opens the transport and runs the SDK's handshake. The SDK decides the era from the version it
// is given: 2026-07-28 (its default) sends server/discover and falls back to initialize; an older
// version is offered in initialize.
func (r *runner) connect(ctx context.Context) (any, error) {
	cs, err := r.client.Connect(ctx, r.transport(), &mcp.ClientSessionOptions{ProtocolVersion: r.plan.ProtocolVersion})
	if err != nil {
		return nil, err
	}
	r.session = cs
	init := cs.InitializeResult()
	era := "handshake"
	if init.ProtocolVersion >= statelessVersion {
		era = "stateless"
	}
	return map[string]any{
		"protocolVersion": init.ProtocolVersion,
		"era":             era,
		"serverInfo":      init.ServerInfo,
		"capabilities":    init.Capabilities,
		"instructions":    init.Instructions,
	}, nil
}

func (r *runner) transport() mcp.Transport {
	t := r.plan.Target
	switch t.Transport {
	case "http":
		return &mcp.StreamableClientTransport{Endpoint: t.URL}
	case "sse":
		return &mcp.SSEClientTransport{Endpoint: t.URL}
	}
	cmd := exec.Command(t.Command[0], t.Command[1:]...)
	cmd.Env = os.Environ()
	for k, v := range t.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = os.Stderr
	return &mcp.CommandTransport{Command: cmd}
}

// list runs one list request (all: false) or follows nextCursor through the SDK's iterator, merging
// the items under the list's key.
func list[P any, R any, T any](ctx context.Context, a action, key string,
	page func(context.Context, *P) (R, error), all func(context.Context, *P) iter.Seq2[T, error]) (any, error) {
	if a.Args["all"] == false {
		return page(ctx, new(P))
	}
	items := []T{}
	for item, err := range all(ctx, new(P)) {
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return map[string]any{key: items}, nil
}

func (r *runner) callTool(ctx context.Context, args map[string]any) (any, error) {
	if _, ok := args["task"]; ok {
		return nil, fmt.Errorf("%w: task-augmented tools/call", errUnsupported)
	}
	p := &mcp.CallToolParams{Name: str(args["name"]), Arguments: args["arguments"]}
	if args["progress"] == true {
		p.SetProgressToken(fmt.Sprintf("progress-%d", time.Now().UnixNano()))
	}
	return r.session.CallTool(ctx, p)
}

func (r *runner) startBackground(a action, base map[string]any) {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout())
	b := &background{cancel: cancel, done: make(chan struct{})}
	r.calls[a.Label] = b
	started := time.Now()
	go func() {
		defer close(b.done)
		defer cancel()
		if r.session == nil {
			b.err = errors.New("not connected: the plan has no successful connect before this action")
		} else {
			b.result, b.err = r.callTool(ctx, a.Args)
		}
		r.out.write(outcome(base, b.result, b.err, started))
	}()
}

// background cancels (through the call's context: the SDK sends notifications/cancelled) or waits for
// a background call.
func (r *runner) background(ctx context.Context, a action) (any, error) {
	b := r.calls[str(a.Args["label"])]
	if a.Kind == "cancel" {
		b.cancel()
		return nil, nil
	}
	select {
	case <-b.done:
		return b.result, b.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// rootsChanged has the SDK announce a roots change: it sends notifications/roots/list_changed when
// roots are added, so the plan's roots are added again.
func (r *runner) rootsChanged() error {
	if len(r.roots) == 0 {
		return fmt.Errorf("%w: notifications/roots/list_changed without a change to the client's roots (the plan gives none)", errUnsupported)
	}
	r.client.AddRoots(r.roots...)
	return nil
}

func (r *runner) shutdown() {
	if r.session != nil {
		r.session.Close()
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// convert maps plan arguments onto an SDK params type through JSON.
func convert(args map[string]any, dst any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}
