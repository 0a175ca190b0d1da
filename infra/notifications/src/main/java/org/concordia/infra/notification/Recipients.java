package org.concordia.infra.notification;

/**
 * A port: who may be told about what, decided by the application with the same rules as its views (an active member
 * of the collaboration; of a restricted issue, only those who may see it). Asked just before a mail is sent, so a
 * member removed or a tier changed in the meantime is judged as things stand then.
 */
@FunctionalInterface
public interface Recipients {

    boolean maySee(String username, String collaborationId, String issueId);
}
