// The form-schema elicitation tools of FIXTURE.md (handshake era): test_elicitation_sep1034_defaults (a default value
// on every primitive field type) and test_elicitation_sep1330_enums (each enum form of 2025-11-25). tmcp builds the
// requestedSchema from a zod schema; zod metadata carries what zod has no type for (defaults on optional fields,
// titled oneOf options, enumNames). tmcp then checks the result against its own form-schema rules before sending.
import * as z from 'zod';
import { textResult, toolError } from './content.js';
import { clientCapabilities, type FixtureServer } from './fixture.js';

// Optional fields: zod would mark a field with .default() as required in the JSON Schema it emits.
const DEFAULTS_SCHEMA = z.object({
    name: z.string().optional().meta({ title: 'Name', default: 'John Doe' }),
    age: z.number().int().optional().meta({ title: 'Age', default: 30 }),
    score: z.number().optional().meta({ title: 'Score', default: 95.5 }),
    status: z.enum(['active', 'inactive', 'pending']).optional().meta({ title: 'Status', default: 'active' }),
    verified: z.boolean().optional().meta({ title: 'Verified', default: true })
});

const choices = (values: string[], titles: string[]) => values.map((value, i) => ({ const: value, title: titles[i] }));

const ENUMS_SCHEMA = z.object({
    untitledSingle: z.enum(['option1', 'option2', 'option3']).optional(),
    titledSingle: z
        .string()
        .optional()
        .meta({ oneOf: choices(['value1', 'value2', 'value3'], ['First Option', 'Second Option', 'Third Option']) }),
    legacyEnum: z
        .enum(['opt1', 'opt2', 'opt3'])
        .optional()
        .meta({ enumNames: ['Option One', 'Option Two', 'Option Three'] }),
    untitledMulti: z.array(z.enum(['option1', 'option2', 'option3'])).optional(),
    titledMulti: z
        .array(
            z.union([
                z.literal('value1').meta({ title: 'First Choice' }),
                z.literal('value2').meta({ title: 'Second Choice' }),
                z.literal('value3').meta({ title: 'Third Choice' })
            ])
        )
        .optional()
});

export function registerElicitationFormTools(server: FixtureServer, enabled: () => boolean): void {
    const ask = async (message: string, schema: typeof DEFAULTS_SCHEMA | typeof ENUMS_SCHEMA) => {
        if (!clientCapabilities(server)?.elicitation) return toolError('The client did not declare the elicitation capability');
        const answer = await server.elicitation(message, schema);
        return textResult(`Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content)}`);
    };

    server.tool(
        { name: 'test_elicitation_sep1034_defaults', description: 'Asks the user for a form whose fields all carry default values', enabled },
        () => ask('Please confirm or change the default values.', DEFAULTS_SCHEMA)
    );
    server.tool(
        { name: 'test_elicitation_sep1330_enums', description: 'Asks the user for a form with every kind of enum field', enabled },
        () => ask('Please choose from the options.', ENUMS_SCHEMA)
    );
}
