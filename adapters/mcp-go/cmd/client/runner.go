package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// errUnsupported prefixes what mcp-go's client cannot do; such actions send nothing.
const errUnsupported = "unsupported by this SDK: "

// background is a callTool started with background: true.
type background struct {
	cancel context.CancelFunc
	done   chan struct{}
	result any
	err    error
}

// runner carries out a plan's actions on one mcp-go Client.
type runner struct {
	plan       *plan
	out        *outcomes
	client     *client.Client
	background map[string]*background
	wg         sync.WaitGroup
	progress   int
}

func newRunner(p *plan, out *outcomes) *runner {
	return &runner{plan: p, out: out, background: map[string]*background{}}
}

func (r *runner) timeout() time.Duration { return time.Duration(r.plan.TimeoutMs) * time.Millisecond }

func (r *runner) run() {
	for i, a := range r.plan.Actions {
		line := map[string]any{"action": a.Kind, "index": i}
		if a.Label != "" {
			line["label"] = a.Label
		}
		if a.Kind == "callTool" && a.Args.Background {
			r.startBackground(a, line)
			continue
		}
		started := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), r.bound(a))
		result, err := r.perform(ctx, a)
		cancel()
		r.finish(line, result, err, started)
	}
	r.wg.Wait()
}

// bound leaves room above a connect's own timeout, so that the SDK's bound is the one that fires.
func (r *runner) bound(a action) time.Duration {
	if a.Kind == "connect" && a.Args.TimeoutMs != nil {
		return max(r.timeout(), time.Duration(*a.Args.TimeoutMs+1000)*time.Millisecond)
	}
	return r.timeout()
}

func (r *runner) finish(line map[string]any, result any, err error, started time.Time) {
	line["ms"] = float64(time.Since(started).Microseconds()) / 1000
	if err != nil {
		line["ok"] = false
		line["error"] = errorLine(err)
	} else {
		line["ok"] = true
		if result != nil {
			line["result"] = result
		}
	}
	r.out.write(line)
}

func (r *runner) shutdown() {
	if r.client != nil {
		_ = r.client.Close()
	}
}

func (r *runner) perform(ctx context.Context, a action) (any, error) {
	if a.Kind == "connect" {
		return r.connect(ctx, a.Args)
	}
	if a.Kind == "sleep" {
		time.Sleep(time.Duration(*a.Args.Ms) * time.Millisecond)
		return nil, nil
	}
	if r.client == nil {
		return nil, errors.New("not connected: the plan has no connect before this action")
	}
	c := r.client
	switch a.Kind {
	case "ping":
		return nil, c.Ping(ctx)
	case "listTools", "listResources", "listResourceTemplates", "listPrompts":
		return r.list(ctx, a.Kind, a.Args.All == nil || *a.Args.All)
	case "callTool":
		return r.callTool(ctx, a.Args)
	case "readResource":
		return c.ReadResource(ctx, mcp.ReadResourceRequest{Params: mcp.ReadResourceParams{URI: a.Args.URI}})
	case "getPrompt":
		return r.getPrompt(ctx, a.Args)
	case "complete":
		return r.complete(ctx, a.Args)
	case "setLoggingLevel":
		return nil, c.SetLevel(ctx, mcp.SetLevelRequest{Params: mcp.SetLevelParams{Level: mcp.LoggingLevel(a.Args.Level)}})
	case "subscribe":
		return nil, c.Subscribe(ctx, mcp.SubscribeRequest{Params: mcp.SubscribeParams{URI: a.Args.URI}})
	case "unsubscribe":
		return nil, c.Unsubscribe(ctx, mcp.UnsubscribeRequest{Params: mcp.UnsubscribeParams{URI: a.Args.URI}})
	case "cancel":
		r.background[a.Args.Label].cancel()
		return nil, nil
	case "wait":
		b := r.background[a.Args.Label]
		<-b.done
		return b.result, b.err
	case "rootsChanged":
		return nil, c.RootListChanges(ctx)
	case "close":
		return nil, c.Close()
	}
	return nil, fmt.Errorf("unknown action %s", a.Kind)
}

// connect builds the client for the plan's era and connects. A plan asking for 2026-07-28 (or later)
// gets the SDK's default negotiation: server/discover first, initialize when the server is legacy. An
// older version is pinned, which keeps the SDK on the initialize handshake with that version.
func (r *runner) connect(ctx context.Context, args actionArgs) (any, error) {
	t, err := r.transport()
	if err != nil {
		return nil, err
	}
	caps, err := r.capabilities()
	if err != nil {
		return nil, err
	}
	handlers := planAnswers{out: r.out, answers: r.plan.Answers}
	options := []client.ClientOption{client.WithClientCapabilities(caps)}
	if r.plan.Answers.Sampling != nil && caps.Sampling != nil {
		options = append(options, client.WithSamplingHandler(handlers))
	}
	if r.plan.Answers.Elicitation != nil && caps.Elicitation != nil {
		options = append(options, client.WithElicitationHandler(handlers))
	}
	if r.plan.Answers.Roots != nil && caps.Roots != nil {
		options = append(options, client.WithRootsHandler(handlers))
	}
	if v := r.plan.ProtocolVersion; v != "" {
		options = append(options, client.WithProtocolVersion(v))
	}
	if args.TimeoutMs != nil {
		options = append(options, client.WithDiscoverTimeout(time.Duration(*args.TimeoutMs)*time.Millisecond))
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(*args.TimeoutMs)*time.Millisecond)
		defer cancel()
	}
	c := client.NewClient(t, options...)
	c.OnNotification(func(n mcp.JSONRPCNotification) { r.out.event("notification", n.Method, n.Params) })
	r.client = c
	// Start spawns the stdio server with its context: it must outlive this action.
	if err := c.Start(context.Background()); err != nil {
		return nil, err
	}
	info := mcp.Implementation{Name: r.plan.ClientInfo.Name, Version: r.plan.ClientInfo.Version}
	result, err := c.Initialize(ctx, mcp.InitializeRequest{Params: mcp.InitializeParams{ClientInfo: info}})
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"protocolVersion": c.ProtocolVersion(),
		"serverInfo":      result.ServerInfo,
		"capabilities":    result.Capabilities,
		"instructions":    result.Instructions,
	}, nil
}

func (r *runner) transport() (transport.Interface, error) {
	t := r.plan.Target
	switch t.Transport {
	case "http":
		return transport.NewStreamableHTTP(t.URL)
	case "sse":
		return transport.NewSSE(t.URL)
	default:
		env := make([]string, 0, len(t.Env))
		for k, v := range t.Env {
			env = append(env, k+"="+v)
		}
		return transport.NewStdioWithOptions(t.Command[0], env, t.Command[1:],
			transport.WithCommandStderrWriter(os.Stderr)), nil
	}
}

// capabilities decodes the plan's capabilities into the SDK's type. mcp-go's client cannot receive
// tasks, so a declared tasks capability is dropped (and said so).
func (r *runner) capabilities() (mcp.ClientCapabilities, error) {
	declared := map[string]json.RawMessage{}
	for k, v := range r.plan.Capabilities {
		if k == "tasks" {
			fmt.Fprintln(os.Stderr, "client: mcp-go's client cannot receive tasks; capabilities.tasks is not declared")
			continue
		}
		declared[k] = v
	}
	var caps mcp.ClientCapabilities
	encoded, err := json.Marshal(declared)
	if err != nil {
		return caps, err
	}
	return caps, json.Unmarshal(encoded, &caps)
}

// list walks every page through the SDK (all) or asks for the first page only.
func (r *runner) list(ctx context.Context, kind string, all bool) (any, error) {
	c := r.client
	switch {
	case kind == "listTools" && all:
		return c.ListTools(ctx, mcp.ListToolsRequest{})
	case kind == "listTools":
		return c.ListToolsByPage(ctx, mcp.ListToolsRequest{})
	case kind == "listResources" && all:
		return c.ListResources(ctx, mcp.ListResourcesRequest{})
	case kind == "listResources":
		return c.ListResourcesByPage(ctx, mcp.ListResourcesRequest{})
	case kind == "listResourceTemplates" && all:
		return c.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
	case kind == "listResourceTemplates":
		return c.ListResourceTemplatesByPage(ctx, mcp.ListResourceTemplatesRequest{})
	case all:
		return c.ListPrompts(ctx, mcp.ListPromptsRequest{})
	default:
		return c.ListPromptsByPage(ctx, mcp.ListPromptsRequest{})
	}
}

func (r *runner) callTool(ctx context.Context, args actionArgs) (any, error) {
	if len(args.Task) > 0 {
		// Client.CallTool always parses a CallToolResult, so the CreateTaskResult (and its taskId) of a
		// task-augmented call would be lost; nothing is sent.
		return nil, errors.New(errUnsupported + "task-augmented tools/call")
	}
	req := mcp.CallToolRequest{Params: mcp.CallToolParams{Name: args.Name}}
	if len(args.Arguments) > 0 {
		var arguments map[string]any
		if err := json.Unmarshal(args.Arguments, &arguments); err != nil {
			return nil, err
		}
		req.Params.Arguments = arguments
	}
	if args.Progress {
		r.progress++
		req.Params.Meta = &mcp.Meta{ProgressToken: fmt.Sprintf("mcp-conform-progress-%d", r.progress)}
	}
	return r.client.CallTool(ctx, req)
}

func (r *runner) startBackground(a action, line map[string]any) {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout())
	b := &background{cancel: cancel, done: make(chan struct{})}
	r.background[a.Label] = b
	started := time.Now()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer cancel()
		b.result, b.err = r.callTool(ctx, a.Args)
		r.finish(line, b.result, b.err, started)
		close(b.done)
	}()
}

func (r *runner) getPrompt(ctx context.Context, args actionArgs) (any, error) {
	req := mcp.GetPromptRequest{Params: mcp.GetPromptParams{Name: args.Name}}
	if len(args.Arguments) > 0 {
		if err := json.Unmarshal(args.Arguments, &req.Params.Arguments); err != nil {
			return nil, err
		}
	}
	return r.client.GetPrompt(ctx, req)
}

func (r *runner) complete(ctx context.Context, args actionArgs) (any, error) {
	var params mcp.CompleteParams
	encoded, err := json.Marshal(map[string]json.RawMessage{"ref": args.Ref, "argument": args.Argument, "context": orEmpty(args.Context)})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(encoded, &params); err != nil {
		return nil, err
	}
	return r.client.Complete(ctx, mcp.CompleteRequest{Params: params})
}

func orEmpty(raw json.RawMessage) json.RawMessage {
	if len(strings.TrimSpace(string(raw))) == 0 {
		return json.RawMessage(`{}`)
	}
	return raw
}
