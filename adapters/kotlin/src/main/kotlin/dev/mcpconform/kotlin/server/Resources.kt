// The resources of FIXTURE.md: three listed resources and one template. Subscribing is the SDK's own
// handler (declared through capabilities.resources.subscribe); these resources never change.
package dev.mcpconform.kotlin.server

import io.modelcontextprotocol.kotlin.sdk.server.RegisteredResource
import io.modelcontextprotocol.kotlin.sdk.server.Server
import io.modelcontextprotocol.kotlin.sdk.types.BlobResourceContents
import io.modelcontextprotocol.kotlin.sdk.types.ReadResourceResult
import io.modelcontextprotocol.kotlin.sdk.types.Resource
import io.modelcontextprotocol.kotlin.sdk.types.TextResourceContents
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

const val TEMPLATE_URI = "test://template/{id}/data"

private fun textResource(uri: String, name: String, text: String) = RegisteredResource(Resource(uri = uri, name = name, mimeType = "text/plain")) {
    ReadResourceResult(listOf(TextResourceContents(text = text, uri = uri, mimeType = "text/plain")))
}

fun Server.registerResources() {
    // Registered as Resource values: addResource(uri, name, description, ...) insists on a description.
    addResources(
        listOf(
            textResource("test://static-text", "static-text", "This is the content of the static text resource."),
            RegisteredResource(Resource(uri = "test://static-binary", name = "static-binary", mimeType = "image/png")) { request ->
                ReadResourceResult(listOf(BlobResourceContents(blob = PNG_BASE64, uri = request.uri, mimeType = "image/png")))
            },
            textResource("test://watched-resource", "watched-resource", "Watched resource content"),
        ),
    )

    addResourceTemplate(uriTemplate = TEMPLATE_URI, name = "template", mimeType = "application/json") { request, variables ->
        val id = variables["id"].orEmpty()
        val body = buildJsonObject {
            put("id", id)
            put("templateTest", true)
            put("data", "Data for ID: $id")
        }
        ReadResourceResult(listOf(TextResourceContents(text = body.toString(), uri = request.uri, mimeType = "application/json")))
    }
}
