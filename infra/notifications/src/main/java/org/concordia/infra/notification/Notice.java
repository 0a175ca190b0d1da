package org.concordia.infra.notification;

import java.time.Instant;

/**
 * One thing to tell one user about one issue. {@code id} is deterministic — the event (issue and sequence number) or
 * the scanned fact, the kind and the recipient — so deriving it again (a redelivered event, a second scan) finds the
 * outbox entry already there and adds nothing.
 */
record Notice(String id, String username, NoticeKind kind, String collaborationId, String issueId, String issueKey,
              String title, String detail, Instant at) {
}
