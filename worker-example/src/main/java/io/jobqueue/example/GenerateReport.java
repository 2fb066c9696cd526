package io.jobqueue.example;

import io.jobqueue.NewJob;
import io.jobqueue.worker.JobContext;
import io.jobqueue.worker.JobHandler;
import java.util.SplittableRandom;

/**
 * The {@code generate_report} pipeline: queries a month of orders for a customer and totals them.
 */
final class GenerateReport implements JobHandler {

  static final String PIPELINE = "generate_report";

  /** Which report to make. */
  record ReportRequest(long customerId, String month, String format) {}

  /** The data warehouse did not answer in time; a later attempt may succeed. */
  static final class WarehouseTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WarehouseTimeoutException(String message) {
      super(message);
    }
  }

  private final Workload workload;
  private final ProcessedLog processed;

  GenerateReport(Workload workload, ProcessedLog processed) {
    this.workload = workload;
    this.processed = processed;
  }

  /** The n-th example report request, as a producer would add it. */
  static NewJob example(int n) {
    return NewJob.json(
        new ReportRequest(1000 + n % 500, "2025-" + String.format("%02d", n % 12 + 1), "pdf"));
  }

  @Override
  public void handle(JobContext context) throws Exception {
    ReportRequest request = context.job().payloadJson(ReportRequest.class);
    workload.waitForRemoteCall();
    if (workload.unlucky()) {
      throw new WarehouseTimeoutException(
          "orders query for customer "
              + request.customerId()
              + ", "
              + request.month()
              + " timed out");
    }
    long totalCents = totalOfOrders(request);
    if (totalCents < 0) {
      throw new IllegalStateException("negative total for customer " + request.customerId());
    }
    if (processed != null) {
      processed.record(context.job().id());
    }
  }

  /** Stands in for the report's real computation: a month of pseudo-random orders, totalled. */
  private static long totalOfOrders(ReportRequest request) {
    SplittableRandom orders =
        new SplittableRandom(request.customerId() * 31 + request.month().hashCode());
    long total = 0;
    for (int i = 0; i < 2_000; i++) {
      total += orders.nextLong(100, 50_000);
    }
    return total;
  }
}
