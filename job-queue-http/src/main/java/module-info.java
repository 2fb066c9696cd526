/**
 * The jobqueue HTTP API: {@link io.jobqueue.http.JobQueueHttpServer}. The routes, views and the
 * OpenAPI description behind it are package-private.
 */
module io.jobqueue.http {
  requires transitive io.jobqueue;
  requires io.jobqueue.micrometer;
  requires io.javalin;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires micrometer.registry.prometheus;
  requires org.slf4j;

  exports io.jobqueue.http;

  // Jackson writes the API's package-private records (the rates of a pipeline)
  opens io.jobqueue.http to
      com.fasterxml.jackson.databind;
}
