package main

import (
	"encoding/json"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// statelessVersion is the first protocol version of the stateless era.
const statelessVersion = "2026-07-28"

// isStatelessMessage reports whether a JSON-RPC message belongs to the 2026-07-28 era: server/discover,
// or a request whose _meta names 2026-07-28 or later. Anything else (initialize, batches, garbage)
// belongs to the handshake era.
func isStatelessMessage(raw []byte) bool {
	var msg struct {
		Method string `json:"method"`
		Params struct {
			Meta map[string]any `json:"_meta"`
		} `json:"params"`
	}
	if json.Unmarshal(raw, &msg) != nil {
		return false
	}
	if msg.Method == "server/discover" {
		return true
	}
	version, _ := msg.Params.Meta[mcp.MetaKeyProtocolVersion].(string)
	return version >= statelessVersion
}
