package dev.mcpconform.java.server;

import static dev.mcpconform.java.server.Content.PNG_BASE64;

import java.util.List;

import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManagerFactory;
import io.modelcontextprotocol.util.McpUriTemplateManager;

/** The fixture's resources and its resource template. Unknown URIs are answered by the SDK itself. */
final class Resources {

	static final String TEMPLATE = "test://template/{id}/data";

	private Resources() {
	}

	static List<SyncResourceSpecification> resources() {
		return List.of(
				text("static-text", "test://static-text", "This is the content of the static text resource."),
				new SyncResourceSpecification(Resource.builder("test://static-binary", "static-binary")
					.mimeType("image/png")
					.build(),
						(exchange, request) -> read(new BlobResourceContents(request.uri(), "image/png", PNG_BASE64))),
				text("watched-resource", "test://watched-resource", "Watched resource content"));
	}

	static List<SyncResourceTemplateSpecification> templates() {
		McpUriTemplateManager template = new DefaultMcpUriTemplateManagerFactory().create(TEMPLATE);
		return List.of(new SyncResourceTemplateSpecification(
				ResourceTemplate.builder(TEMPLATE, "template").mimeType("application/json").build(),
				(exchange, request) -> {
					String id = template.extractVariableValues(request.uri()).getOrDefault("id", "");
					String json = ClientRequestTools.json(
							Schemas.obj("id", id, "templateTest", true, "data", "Data for ID: " + id));
					return read(new TextResourceContents(request.uri(), "application/json", json));
				}));
	}

	private static SyncResourceSpecification text(String name, String uri, String content) {
		return new SyncResourceSpecification(Resource.builder(uri, name).mimeType("text/plain").build(),
				(exchange, request) -> read(new TextResourceContents(request.uri(), "text/plain", content)));
	}

	private static ReadResourceResult read(ResourceContents contents) {
		return new ReadResourceResult(List.of(contents));
	}

}
