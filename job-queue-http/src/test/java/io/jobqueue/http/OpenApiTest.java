package io.jobqueue.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobqueue.JobQueue;
import io.jobqueue.JobQueues;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /openapi.json} tells the truth: it names exactly the routes the server registered, each
 * with its parameters and every status it may answer, and every schema it refers to exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {

  private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z]+)}");

  private JobQueue queue;
  private JobQueueHttpServer server;
  private JsonNode doc;

  @BeforeAll
  void start() {
    queue = JobQueues.open("jdbc:sqlite:" + SqliteHttpApiTest.tempDir().resolve("jobs.db"));
    server = JobQueueHttpServer.builder(queue).adminToken("t").port(0).build().start();
    doc = new Http(server.port()).get("/openapi.json", null).json();
  }

  @AfterAll
  void stop() {
    server.close();
    queue.close();
  }

  @Test
  void theDocumentedRoutesAreTheRegisteredOnes() {
    Set<String> documented = new HashSet<>();
    doc.get("paths")
        .properties()
        .forEach(path ->
            path.getValue()
                .fieldNames()
                .forEachRemaining(method ->
                    documented.add(
                        method.toUpperCase(Locale.ROOT) + " " + javalinPath(path.getKey()))));
    assertThat(documented).isEqualTo(server.registered()).isEqualTo(server.described());
  }

  @Test
  void everyOperationDeclaresItsPathParametersTokensAndErrors() {
    doc.get("paths")
        .properties()
        .forEach(path ->
            path.getValue()
                .properties()
                .forEach(op -> {
                  String name = op.getKey() + " " + path.getKey();
                  JsonNode operation = op.getValue();
                  Set<String> declared = new HashSet<>();
                  operation
                      .get("parameters")
                      .forEach(p -> {
                        if (p.get("in").asText().equals("path")) {
                          declared.add(p.get("name").asText());
                        }
                      });
                  Set<String> inPath = new HashSet<>();
                  Matcher m = PATH_PARAM.matcher(path.getKey());
                  while (m.find()) {
                    inPath.add(m.group(1));
                  }
                  assertThat(declared).as(name).isEqualTo(inPath);
                  JsonNode responses = operation.get("responses");
                  boolean open = operation.has("security");
                  assertThat(responses.has("401")).as(name).isEqualTo(!open);
                  if (!op.getKey().equals("get")) {
                    assertThat(responses.has("403")).as(name + " needs the admin token").isTrue();
                  }
                  responses
                      .properties()
                      .forEach(r -> {
                        if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                          assertThat(ref(r.getValue())).as(name).isEqualTo("Error");
                          assertThat(Errors.CODES).containsKey(Integer.valueOf(r.getKey()));
                        }
                      });
                }));
  }

  @Test
  void everyReferencedSchemaExists() {
    List<String> refs = doc.findValuesAsText("$ref");
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      String name = ref.substring("#/components/schemas/".length());
      assertThat(doc.get("components").get("schemas").has(name)).as(ref).isTrue();
    }
  }

  /** OpenAPI's {@code {pipeline}} is Javalin's {@code <pipeline>}, which may hold '/'. */
  private static String javalinPath(String openApiPath) {
    return openApiPath.replace("{pipeline}", "<pipeline>");
  }

  private static String ref(JsonNode response) {
    String ref = response.get("content").get(Api.JSON).get("schema").get("$ref").asText();
    return ref.substring(ref.lastIndexOf('/') + 1);
  }
}
