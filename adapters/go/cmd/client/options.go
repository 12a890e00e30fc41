package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// capabilities turns the plan's capabilities into the SDK's. The SDK has no task API, so `tasks` is
// not declared (said on stderr); `roots` goes through RootsV2, the field the SDK reads (#607).
func capabilities(p *plan) (*mcp.ClientCapabilities, error) {
	declared := p.Capabilities
	if declared == nil {
		declared = impliedCapabilities(p.Answers)
	}
	if _, ok := declared["tasks"]; ok {
		fmt.Fprintln(os.Stderr, "client: the Go SDK cannot receive tasks (no task API); capabilities.tasks is not declared")
	}
	raw, err := json.Marshal(declared)
	if err != nil {
		return nil, err
	}
	var caps mcp.ClientCapabilities
	if err := json.Unmarshal(raw, &caps); err != nil {
		return nil, planErrorf("capabilities: %v", err)
	}
	if rootsRaw, ok := declared["roots"]; ok {
		caps.RootsV2 = &mcp.RootCapabilities{}
		if err := json.Unmarshal(rootsRaw, caps.RootsV2); err != nil {
			return nil, planErrorf("capabilities.roots: %v", err)
		}
	}
	return &caps, nil
}

// impliedCapabilities are declared when the plan gives none: those its answers imply.
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

// reply turns a plan answer into the handler's return values, after recording the request.
func reply[R any](out *outcomes, method string, params any, a *answer) (*R, error) {
	out.event("request", method, params)
	if a.Error != nil {
		return nil, &jsonrpc.Error{Code: a.Error.Code, Message: a.Error.Message}
	}
	var r R
	if err := json.Unmarshal(a.Result, &r); err != nil {
		return nil, fmt.Errorf("the plan's answer to %s does not fit the SDK's result type: %w", method, err)
	}
	return &r, nil
}

// clientOptions installs a handler for each answer the plan gives (under a declared capability), and
// a recorder for every notification the SDK hands over.
func clientOptions(p *plan, caps *mcp.ClientCapabilities, out *outcomes) *mcp.ClientOptions {
	note := func(method string) func(context.Context, any) {
		return func(_ context.Context, params any) { out.event("notification", method, params) }
	}
	opts := &mcp.ClientOptions{
		Capabilities: caps,
		ToolListChangedHandler: func(ctx context.Context, r *mcp.ToolListChangedRequest) {
			note("notifications/tools/list_changed")(ctx, r.Params)
		},
		PromptListChangedHandler: func(ctx context.Context, r *mcp.PromptListChangedRequest) {
			note("notifications/prompts/list_changed")(ctx, r.Params)
		},
		ResourceListChangedHandler: func(ctx context.Context, r *mcp.ResourceListChangedRequest) {
			note("notifications/resources/list_changed")(ctx, r.Params)
		},
		ResourceUpdatedHandler: func(ctx context.Context, r *mcp.ResourceUpdatedNotificationRequest) {
			note("notifications/resources/updated")(ctx, r.Params)
		},
		LoggingMessageHandler: func(ctx context.Context, r *mcp.LoggingMessageRequest) {
			note("notifications/message")(ctx, r.Params)
		},
		ProgressNotificationHandler: func(ctx context.Context, r *mcp.ProgressNotificationClientRequest) {
			note("notifications/progress")(ctx, r.Params)
		},
		ElicitationCompleteHandler: func(ctx context.Context, r *mcp.ElicitationCompleteNotificationRequest) {
			note("notifications/elicitation/complete")(ctx, r.Params)
		},
	}
	if a := p.Answers.Sampling; a != nil && caps.Sampling != nil {
		// The SDK allows one of the two handlers; the one with tools goes with a declared sampling.tools.
		if caps.Sampling.Tools != nil {
			opts.CreateMessageWithToolsHandler = func(_ context.Context, r *mcp.CreateMessageWithToolsRequest) (*mcp.CreateMessageWithToolsResult, error) {
				return reply[mcp.CreateMessageWithToolsResult](out, "sampling/createMessage", r.Params, a)
			}
		} else {
			opts.CreateMessageHandler = func(_ context.Context, r *mcp.CreateMessageRequest) (*mcp.CreateMessageResult, error) {
				return reply[mcp.CreateMessageResult](out, "sampling/createMessage", r.Params, a)
			}
		}
	}
	if a := p.Answers.Elicitation; a != nil && caps.Elicitation != nil {
		opts.ElicitationHandler = func(_ context.Context, r *mcp.ElicitRequest) (*mcp.ElicitResult, error) {
			return reply[mcp.ElicitResult](out, "elicitation/create", r.Params, a)
		}
	}
	return opts
}

// rootsMiddleware records the roots/list requests the SDK answers from the client's roots, and answers
// a plan's error answer itself: the SDK has no roots handler, only a roots list.
func rootsMiddleware(a *answer, out *outcomes) mcp.Middleware {
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if method != "roots/list" {
				return next(ctx, method, req)
			}
			out.event("request", method, req.GetParams())
			if a != nil && a.Error != nil {
				return nil, &jsonrpc.Error{Code: a.Error.Code, Message: a.Error.Message}
			}
			return next(ctx, method, req)
		}
	}
}

// planRoots are the roots of the plan's roots answer.
func planRoots(a *answer) ([]*mcp.Root, error) {
	if a == nil || a.Error != nil {
		return nil, nil
	}
	var r mcp.ListRootsResult
	if err := json.Unmarshal(a.Result, &r); err != nil {
		return nil, planErrorf("answers.roots.result: %v", err)
	}
	return r.Roots, nil
}
