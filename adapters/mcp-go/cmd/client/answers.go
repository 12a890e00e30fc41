package main

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/mark3labs/mcp-go/mcp"
)

// planAnswers implements the SDK's SamplingHandler, ElicitationHandler and RootsHandler with the
// plan's canned answers, logging each request it is handed. An answer that is an error is returned
// as a Go error: mcp-go sends every handler error as -32603 with the message, so the plan's code is lost.
type planAnswers struct {
	out     *outcomes
	answers answers
}

func (p planAnswers) CreateMessage(_ context.Context, req mcp.CreateMessageRequest) (*mcp.CreateMessageResult, error) {
	p.out.event("request", string(mcp.MethodSamplingCreateMessage), req.CreateMessageParams)
	var result mcp.CreateMessageResult
	return &result, decodeAnswer(p.answers.Sampling, &result)
}

func (p planAnswers) Elicit(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	p.out.event("request", string(mcp.MethodElicitationCreate), req.Params)
	var result mcp.ElicitationResult
	return &result, decodeAnswer(p.answers.Elicitation, &result)
}

func (p planAnswers) ListRoots(_ context.Context, req mcp.ListRootsRequest) (*mcp.ListRootsResult, error) {
	p.out.event("request", string(mcp.MethodListRoots), req.Params)
	var result mcp.ListRootsResult
	return &result, decodeAnswer(p.answers.Roots, &result)
}

func decodeAnswer(a *answer, into any) error {
	if a.Error != nil {
		return errors.New(a.Error.Message)
	}
	return json.Unmarshal(a.Result, into)
}
