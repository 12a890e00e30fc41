// The form-schema elicitation tools of FIXTURE.md: test_elicitation_sep1034_defaults (a default value on every
// primitive field type) and test_elicitation_sep1330_enums (each enum form of 2025-11-25), sent with elicitInput.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ElicitRequestFormParams } from '@modelcontextprotocol/sdk/types.js';
import { text } from './content.js';


type RequestedSchema = ElicitRequestFormParams['requestedSchema'];

const DEFAULTS_SCHEMA: RequestedSchema = {
    type: 'object',
    properties: {
        name: { type: 'string', title: 'Name', default: 'John Doe' },
        age: { type: 'integer', title: 'Age', default: 30 },
        score: { type: 'number', title: 'Score', default: 95.5 },
        status: { type: 'string', title: 'Status', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', title: 'Verified', default: true }
    }
};

const choices = (values: string[], titles: string[]) => values.map((value, i) => ({ const: value, title: titles[i]! }));

const ENUMS_SCHEMA: RequestedSchema = {
    type: 'object',
    properties: {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: { type: 'string', oneOf: choices(['value1', 'value2', 'value3'], ['First Option', 'Second Option', 'Third Option']) },
        legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
        untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: {
            type: 'array',
            items: { anyOf: choices(['value1', 'value2', 'value3'], ['First Choice', 'Second Choice', 'Third Choice']) }
        }
    }
};

export function registerElicitationFormTools(server: McpServer): void {
    const ask = async (message: string, requestedSchema: RequestedSchema, requestId: string | number): Promise<CallToolResult> => {
        if (!server.server.getClientCapabilities()?.elicitation) {
            return { isError: true, content: [text('The client did not declare the elicitation capability')] };
        }
        // relatedRequestId keeps the request on this call's stream over Streamable HTTP.
        const result = await server.server.elicitInput({ message, requestedSchema }, { relatedRequestId: requestId });
        return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content)}`)] };
    };

    server.registerTool(
        'test_elicitation_sep1034_defaults',
        { description: 'Asks the user for a form whose fields all carry default values' },
        extra => ask('Please confirm or change the default values.', DEFAULTS_SCHEMA, extra.requestId)
    );
    server.registerTool(
        'test_elicitation_sep1330_enums',
        { description: 'Asks the user for a form with every kind of enum field' },
        extra => ask('Please choose from the options.', ENUMS_SCHEMA, extra.requestId)
    );
}
