package org.concordia.kernel.issue;

/** The risk an issue poses (to participants' safety and rights, to data reliability). */
public enum RiskLevel {
    LOW, MEDIUM, HIGH
}
