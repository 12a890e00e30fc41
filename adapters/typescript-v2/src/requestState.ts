// Integrity protection for the multi-round-trip `requestState` (protocol revision 2026-07-28).
// The state round-trips through the client, so the spec requires the server to detect tampering; the SDK
// leaves that to the server author and ships createRequestStateCodec (HMAC-SHA256) for it. Its `verify` runs
// in the SDK's seam before any handler, which answers a modified or expired state with -32602.
import { randomBytes } from 'node:crypto';
import { createRequestStateCodec } from '@modelcontextprotocol/server';

/** What a flow remembers between rounds: which tool minted the state and how far it got. */
export interface FlowState {
    tool: string;
    round: number;
}

// A per-process key is enough: one process serves every round (one HTTP server, or one stdio connection).
export const requestStateCodec = createRequestStateCodec<FlowState>({ key: randomBytes(32) });
