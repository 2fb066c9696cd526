/**
 * Implementation details of jobqueue. Nothing here is part of the API: it may change in any release
 * without notice.
 */
package io.jobqueue.internal;
