package org.concordia.kernel.issue;


public enum EscalationCause {
    MANUAL, SLA_BREACH
}
