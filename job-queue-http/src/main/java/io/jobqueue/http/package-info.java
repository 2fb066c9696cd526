/**
 * The jobqueue HTTP API: {@link io.jobqueue.http.JobQueueHttpServer}. Everything else here is
 * package-private.
 */
package io.jobqueue.http;
