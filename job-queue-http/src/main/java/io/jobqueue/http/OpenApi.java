package io.jobqueue.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3 description of the API: the paths from the route table the server registers, the
 * schemas from {@code openapi-components.json} beside this class.
 */
final class OpenApi {

  private OpenApi() {}

  static String describe(List<Route> routes) {
    ObjectNode doc = Bodies.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "jobqueue HTTP API");
    info.put("version", "1");
    info.put(
        "description",
        "Every route but this document needs 'Authorization: Bearer <token>': the admin token, or"
            + " the read-only token for GET. Errors answer {\"error\": \"...\", \"message\":"
            + " \"...\"}. There is no route to bury a job: the library buries only a job that the"
            + " caller holds reserved, and this server holds none.");
    doc.set("components", components());
    doc.putArray("security").addObject().putArray("bearer");
    ObjectNode paths = doc.putObject("paths");
    for (Route route : routes) {
      ObjectNode path =
          paths.has(route.openApiPath())
              ? (ObjectNode) paths.get(route.openApiPath())
              : paths.putObject(route.openApiPath());
      path.set(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    try {
      return Bodies.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode operation(Route route) {
    ObjectNode op = Bodies.MAPPER.createObjectNode();
    op.put("summary", route.summary());
    if (route.access() == Tokens.Access.PUBLIC) {
      op.putArray("security");
    } else {
      op.put("x-token", route.access() == Tokens.Access.ADMIN ? "admin" : "read or admin");
    }
    ArrayNode params = op.putArray("parameters");
    for (Route.Param param : route.params()) {
      ObjectNode p = params.addObject();
      p.put("name", param.name());
      p.put("in", param.inPath() ? "path" : "query");
      p.put("required", param.inPath());
      p.put("description", param.description());
      p.putObject("schema").put("type", param.type());
    }
    if (route.body() != null) {
      ObjectNode body = op.putObject("requestBody");
      body.put("required", true);
      body.putObject("content").putObject(Api.JSON).set("schema", ref(route.body()));
    }
    ObjectNode responses = op.putObject("responses");
    for (int status : route.statuses()) {
      ObjectNode response = responses.putObject(String.valueOf(status));
      if (route.ok().contains(status)) {
        response.put("description", "done");
        if (route.response() != null) {
          response.putObject("content").putObject(Api.JSON).set("schema", ref(route.response()));
        } else {
          response
              .putObject("content")
              .putObject("text/plain")
              .putObject("schema")
              .put("type", "string");
        }
      } else {
        response.put("description", Errors.CODES.get(status));
        response.putObject("content").putObject(Api.JSON).set("schema", ref("Error"));
      }
    }
    return op;
  }

  private static ObjectNode ref(String schema) {
    return Bodies.MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + schema);
  }

  private static JsonNode components() {
    try (InputStream in = OpenApi.class.getResourceAsStream("openapi-components.json")) {
      return Bodies.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi-components.json", e);
    }
  }
}
