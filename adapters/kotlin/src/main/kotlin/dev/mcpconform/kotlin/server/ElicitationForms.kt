// The form-schema elicitation tools of FIXTURE.md: test_elicitation_sep1034_defaults (a default on every
// primitive field type) and test_elicitation_sep1330_enums (each enum form of 2025-11-25), written with the
// SDK's typed schema definitions.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.ClientConnection
import io.modelcontextprotocol.kotlin.sdk.server.Server
import io.modelcontextprotocol.kotlin.sdk.types.BooleanSchema
import io.modelcontextprotocol.kotlin.sdk.types.CallToolResult
import io.modelcontextprotocol.kotlin.sdk.types.DoubleSchema
import io.modelcontextprotocol.kotlin.sdk.types.ElicitRequestParams.RequestedSchema
import io.modelcontextprotocol.kotlin.sdk.types.EnumOption
import io.modelcontextprotocol.kotlin.sdk.types.IntegerSchema
import io.modelcontextprotocol.kotlin.sdk.types.LegacyTitledEnumSchema
import io.modelcontextprotocol.kotlin.sdk.types.StringSchema
import io.modelcontextprotocol.kotlin.sdk.types.TitledMultiSelectEnumSchema
import io.modelcontextprotocol.kotlin.sdk.types.TitledSingleSelectEnumSchema
import io.modelcontextprotocol.kotlin.sdk.types.UntitledMultiSelectEnumSchema
import io.modelcontextprotocol.kotlin.sdk.types.UntitledSingleSelectEnumSchema

private val defaultsSchema = RequestedSchema(
    properties = mapOf(
        "name" to StringSchema(title = "Name", default = "John Doe"),
        "age" to IntegerSchema(title = "Age", default = 30),
        "score" to DoubleSchema(title = "Score", default = 95.5),
        "status" to UntitledSingleSelectEnumSchema(title = "Status", enumValues = listOf("active", "inactive", "pending"), default = "active"),
        "verified" to BooleanSchema(title = "Verified", default = true),
    ),
)

private fun options(values: List<String>, titles: List<String>) = values.zip(titles) { value, title -> EnumOption(value, title) }

@Suppress("DEPRECATION") // LegacyTitledEnumSchema: the enumNames form is one of the five the tool must send.
private val enumsSchema = RequestedSchema(
    properties = mapOf(
        "untitledSingle" to UntitledSingleSelectEnumSchema(enumValues = listOf("option1", "option2", "option3")),
        "titledSingle" to TitledSingleSelectEnumSchema(
            oneOf = options(listOf("value1", "value2", "value3"), listOf("First Option", "Second Option", "Third Option")),
        ),
        "legacyEnum" to LegacyTitledEnumSchema(
            enumValues = listOf("opt1", "opt2", "opt3"),
            enumNames = listOf("Option One", "Option Two", "Option Three"),
        ),
        "untitledMulti" to UntitledMultiSelectEnumSchema(items = UntitledMultiSelectEnumSchema.Items(listOf("option1", "option2", "option3"))),
        "titledMulti" to TitledMultiSelectEnumSchema(
            items = TitledMultiSelectEnumSchema.Items(
                options(listOf("value1", "value2", "value3"), listOf("First Choice", "Second Choice", "Third Choice")),
            ),
        ),
    ),
)

fun Server.registerElicitationFormTools() {
    suspend fun ClientConnection.ask(message: String, schema: RequestedSchema): CallToolResult {
        if (clientCapabilitiesOf(this)?.elicitation == null) return toolError("The client did not declare the elicitation capability")
        val result = createElicitation(message, schema, relatedToCall())
        return toolText("Elicitation completed: action=${result.actionName()}, content=${result.content ?: "null"}")
    }

    addTool(name = "test_elicitation_sep1034_defaults", description = "Asks the user for a form whose fields all carry default values") {
        ask("Please confirm or change the default values.", defaultsSchema)
    }
    addTool(name = "test_elicitation_sep1330_enums", description = "Asks the user for a form with every kind of enum field") {
        ask("Please choose from the options.", enumsSchema)
    }
}
