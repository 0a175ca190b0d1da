package org.concordia.infra.notification;

/** What a notice tells; {@link #phrase} heads its mail and its line in a digest. */
enum NoticeKind {
    ISSUE_TO_ACKNOWLEDGE("New in your inbox: an issue waits for your acknowledgement"),
    BALLOT_OPENED("A ballot opened: your vote is asked"),
    BALLOT_CLOSED("A ballot closed"),
    ACTION_ASSIGNED("New in your inbox: a CAPA action is yours"),
    EXTENSION_REQUESTED("New in your inbox: a due-date extension awaits your decision"),
    SLA_WARNING("An SLA is about to breach"),
    SLA_BREACHED("An SLA was breached"),
    ACTION_OVERDUE("A CAPA action is overdue");

    final String phrase;

    NoticeKind(String phrase) {
        this.phrase = phrase;
    }
}
