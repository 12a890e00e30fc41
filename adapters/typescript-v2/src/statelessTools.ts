// Tools listed on the stateless era (2026-07-28) only (FIXTURE.md "Stateless era"). Each input_required tool
// is written the SDK's multi-round-trip way: return inputRequired(...) until the retried request carries the
// answers in ctx.mcpReq.inputResponses (and the echoed, already verified state in ctx.mcpReq.requestState()).
import {
    CLIENT_CAPABILITIES_META_KEY,
    ProtocolError,
    ProtocolErrorCode,
    acceptedContent,
    inputRequired,
    inputResponse,
    type ClientCapabilities,
    type InputRequests,
    type LoggingLevel,
    type McpServer,
    type ServerContext
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import { text } from './content.js';
import { ELICIT_KEY, ROOTS_KEY, SAMPLE_KEY, askName, askRoots, askTwoPlusTwo, samplingText } from './inputRequests.js';
import { requestStateCodec, type FlowState } from './requestState.js';

const NAME_ANSWER = z.object({ name: z.string() });
const LOG_LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error'];

/**
 * The capabilities the client declared in this request's _meta envelope. The cast is needed because the
 * published typings declare the envelope type (RequestMetaEnvelope) as `{}`; at runtime it holds the keys.
 */
const declaredCapabilities = (ctx: ServerContext): ClientCapabilities | undefined =>
    (ctx.mcpReq.envelope as Record<string, ClientCapabilities | undefined> | undefined)?.[CLIENT_CAPABILITIES_META_KEY];

/** The verified state of this round, if it belongs to `tool` (the codec proves integrity, not which tool minted it). */
function flowState(ctx: ServerContext, tool: string): FlowState | undefined {
    const state = ctx.mcpReq.requestState<FlowState>();
    return state?.tool === tool ? state : undefined;
}

export function registerStatelessTools(server: McpServer): void {
    server.registerTool(
        'test_missing_capability',
        { description: 'Needs a sampling answer from the client (requires the sampling capability)' },
        ctx => {
            // The tool depends on sampling, so it asks for a sample the 2026-07-28 way. The SDK checks every
            // embedded request against the capabilities declared in the request's own _meta envelope and answers
            // -32021 (data.requiredCapabilities) when sampling is not among them. Throwing the SDK's
            // MissingRequiredClientCapabilityError from the handler instead does not work: McpServer turns any
            // error thrown by a tool into an isError result.
            if (inputResponse(ctx.mcpReq.inputResponses, SAMPLE_KEY).kind !== 'sampling') {
                return inputRequired({ inputRequests: { [SAMPLE_KEY]: askTwoPlusTwo() } });
            }
            return { content: [text('Success')] };
        }
    );

    server.registerTool('test_input_required_result_elicitation', { description: 'Asks for a name by elicitation' }, ctx => {
        const answer = acceptedContent(ctx.mcpReq.inputResponses, ELICIT_KEY, NAME_ANSWER);
        if (answer === undefined) return inputRequired({ inputRequests: { [ELICIT_KEY]: askName() } });
        return { content: [text(`Hello, ${answer.name}!`)] };
    });

    server.registerTool('test_input_required_result_sampling', { description: 'Asks the client to sample an LLM' }, ctx => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, SAMPLE_KEY);
        if (answer.kind !== 'sampling') return inputRequired({ inputRequests: { [SAMPLE_KEY]: askTwoPlusTwo() } });
        return { content: [text(`Sampling result: ${samplingText(answer.result)}`)] };
    });

    server.registerTool('test_input_required_result_list_roots', { description: "Asks for the client's roots" }, ctx => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, ROOTS_KEY);
        if (answer.kind !== 'roots') return inputRequired({ inputRequests: { [ROOTS_KEY]: askRoots() } });
        return { content: [text(`Roots: ${answer.roots.length}`)] };
    });

    const requestStateTool = 'test_input_required_result_request_state';
    server.registerTool(requestStateTool, { description: 'Round-trips an opaque requestState' }, async ctx => {
        if (ctx.mcpReq.inputResponses === undefined && ctx.mcpReq.requestState() === undefined) {
            return inputRequired({
                inputRequests: { [ELICIT_KEY]: askName() },
                requestState: await requestStateCodec.mint({ tool: requestStateTool, round: 1 })
            });
        }
        // A retry that does not echo our state is invalid params; a modified state never gets here (the SDK's
        // verify seam answers -32602 first).
        if (flowState(ctx, requestStateTool) === undefined) {
            throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'requestState missing: the retry must echo the requestState it was given');
        }
        return { content: [text('State verified')] };
    });

    server.registerTool(
        'test_input_required_result_multiple_inputs',
        { description: 'Asks for an elicitation, a sampling and the roots at once' },
        ctx => {
            const responses = ctx.mcpReq.inputResponses;
            const missing: InputRequests = {};
            if (inputResponse(responses, ELICIT_KEY).kind !== 'elicit') missing[ELICIT_KEY] = askName();
            if (inputResponse(responses, SAMPLE_KEY).kind !== 'sampling') missing[SAMPLE_KEY] = askTwoPlusTwo();
            if (inputResponse(responses, ROOTS_KEY).kind !== 'roots') missing[ROOTS_KEY] = askRoots();
            if (Object.keys(missing).length > 0) return inputRequired({ inputRequests: missing });
            return { content: [text('All inputs received')] };
        }
    );

    const multiRoundTool = 'test_input_required_result_multi_round';
    server.registerTool(multiRoundTool, { description: 'Two elicitation rounds before the result' }, async ctx => {
        // The stateless era keeps nothing between requests: the round reached travels in requestState.
        const round = flowState(ctx, multiRoundTool)?.round ?? 0;
        const answered = (key: string) => inputResponse(ctx.mcpReq.inputResponses, key).kind === 'elicit';
        const ask = async (step: 1 | 2, stateRound: number) =>
            inputRequired({
                inputRequests: { [`step-${step}`]: askName(`Step ${step} of 2: what is your name?`) },
                requestState: await requestStateCodec.mint({ tool: multiRoundTool, round: stateRound })
            });
        if (round === 0) return ask(1, 1);
        if (round === 1) return answered('step-1') ? ask(2, 2) : ask(1, 1);
        if (!answered('step-2')) return ask(2, 2);
        return { content: [text('Completed after 2 rounds')] };
    });

    const tamperedStateTool = 'test_input_required_result_tampered_state';
    server.registerTool(tamperedStateTool, { description: 'Rejects a modified requestState' }, async ctx => {
        // Integrity is checked by the SDK's requestState.verify seam (createRequestStateCodec) before this runs.
        if (flowState(ctx, tamperedStateTool) !== undefined && inputResponse(ctx.mcpReq.inputResponses, ELICIT_KEY).kind === 'elicit') {
            return { content: [text('State verified')] };
        }
        return inputRequired({
            inputRequests: { [ELICIT_KEY]: askName() },
            requestState: await requestStateCodec.mint({ tool: tamperedStateTool, round: 1 })
        });
    });

    server.registerTool(
        'test_input_required_result_capabilities',
        { description: "Asks only for inputs the request's client capabilities allow" },
        ctx => {
            const responses = ctx.mcpReq.inputResponses;
            if (inputResponse(responses, ELICIT_KEY).kind === 'elicit') return { content: [text('Received elicitation input')] };
            if (inputResponse(responses, SAMPLE_KEY).kind === 'sampling') return { content: [text('Received sampling input')] };
            const capabilities = declaredCapabilities(ctx);
            if (capabilities?.elicitation) return inputRequired({ inputRequests: { [ELICIT_KEY]: askName() } });
            if (capabilities?.sampling) return inputRequired({ inputRequests: { [SAMPLE_KEY]: askTwoPlusTwo() } });
            return { content: [text('No inputs possible')] };
        }
    );

    server.registerTool('test_logging_tool', { description: 'Logs once per level from debug to error' }, async ctx => {
        // ctx.mcpReq.log sends nothing unless the request's _meta carries a logLevel, and filters by it.
        for (const level of LOG_LEVELS) await ctx.mcpReq.log(level, `Log message at level ${level}`);
        return { content: [text('Logged')] };
    });
}
