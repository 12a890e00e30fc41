// The tools only the stateless era (2026-07-28) lists (FIXTURE.md): the input_required family, the capability
// error and per-request logging. tmcp writes the input_required result itself: server.elicitation()/message()
// stop the handler when the retry carries no answer under their key, and `requestState` holds what
// server.setRequestState() saved plus the answers already consumed (sealed by ./requestState.ts).
// test_input_required_result_list_roots and test_input_required_result_multiple_inputs are not here: tmcp cannot
// ask for roots/list as an input request (server.refreshRoots() throws on stateless-era requests).
import { McpError, MISSING_REQUIRED_CLIENT_CAPABILITY, type LoggingLevel } from 'tmcp';
import * as z from 'zod';
import { textResult } from './content.js';
import { clientCapabilities, isStateless, type FixtureServer } from './fixture.js';
import { samplingText } from './sampling.js';

const ELICIT_KEY = 'elicit-1';
const SAMPLE_KEY = 'sample-1';
const LOG_LEVELS: LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error'];
const NAME_SCHEMA = z.object({ name: z.string() });

/** What a flow saves between rounds: which tool saved it and how far it got. */
interface FlowState {
    tool: string;
    round: number;
}

const isFlowState = (value: unknown): value is FlowState =>
    typeof value === 'object' && value !== null && typeof (value as FlowState).tool === 'string' && typeof (value as FlowState).round === 'number';

export function registerStatelessTools(server: FixtureServer): void {
    const enabled = () => isStateless(server);
    const askName = (message = 'What is your name?', key = ELICIT_KEY) => server.elicitation(message, NAME_SCHEMA, { key });
    const askTwoPlusTwo = () =>
        server.message({ messages: [{ role: 'user', content: { type: 'text', text: 'What is 2+2?' } }], maxTokens: 100 }, { key: SAMPLE_KEY });
    /** The state this request echoed, if this tool saved it. */
    const savedState = (tool: string) => {
        const state: unknown = server.ctx.requestState;
        return isFlowState(state) && state.tool === tool ? state : undefined;
    };

    server.tool({ name: 'test_missing_capability', description: 'Needs the sampling capability on the request', enabled }, () => {
        if (!clientCapabilities(server)?.sampling) {
            throw new McpError(MISSING_REQUIRED_CLIENT_CAPABILITY, 'Missing required client capability: sampling', {
                requiredCapabilities: { sampling: {} }
            });
        }
        return textResult('Success');
    });

    server.tool(
        { name: 'test_input_required_result_elicitation', description: 'Asks for a name by form elicitation', enabled, replayable: true },
        async () => {
            const answer = await askName();
            return textResult(`Hello, ${answer.content?.name ?? 'stranger'}!`);
        }
    );

    server.tool(
        { name: 'test_input_required_result_sampling', description: 'Asks the client to sample an LLM', enabled, replayable: true },
        async () => textResult(`Sampling result: ${samplingText(await askTwoPlusTwo())}`)
    );

    // request_state and tampered_state differ only in what the test attacks: the codec seals every state.
    for (const tool of ['test_input_required_result_request_state', 'test_input_required_result_tampered_state']) {
        server.tool({ name: tool, description: 'Needs its requestState echoed on the retry', enabled, replayable: true }, async () => {
            const echoed = savedState(tool);
            server.setRequestState({ tool, round: 1 } satisfies FlowState);
            // Only reached with an answer, i.e. on a retry: that retry must have brought this tool's state back.
            await askName();
            if (!echoed) throw new McpError(-32602, 'Invalid "requestState": the retry must echo the state this tool issued');
            return textResult('State verified');
        });
    }

    const multiRound = 'test_input_required_result_multi_round';
    server.tool({ name: multiRound, description: 'Two elicitation rounds before the result', enabled, replayable: true }, async () => {
        // Each round saves its number so that every input_required result carries a requestState; the answers of
        // earlier rounds come back inside it, so a retry without round 2's state starts at round 1 again.
        server.setRequestState({ tool: multiRound, round: 1 } satisfies FlowState);
        await askName('Step 1 of 2: what is your name?', 'step-1');
        server.setRequestState({ tool: multiRound, round: 2 } satisfies FlowState);
        await askName('Step 2 of 2: what is your name?', 'step-2');
        return textResult('Completed after 2 rounds');
    });

    server.tool(
        {
            name: 'test_input_required_result_capabilities',
            description: "Asks only for inputs the request's client capabilities allow",
            enabled,
            replayable: true
        },
        async () => {
            const capabilities = clientCapabilities(server);
            if (capabilities?.elicitation) {
                await askName();
                return textResult('Received elicitation input');
            }
            if (capabilities?.sampling) {
                await askTwoPlusTwo();
                return textResult('Received sampling input');
            }
            return textResult('No inputs possible');
        }
    );

    server.tool({ name: 'test_logging_tool', description: 'Logs once per level from debug to error', enabled }, () => {
        // server.log sends nothing unless the request's _meta carries a logLevel, and filters by it.
        for (const level of LOG_LEVELS) server.log(level, `Log message at level ${level}`);
        return textResult('Logged');
    });
}
