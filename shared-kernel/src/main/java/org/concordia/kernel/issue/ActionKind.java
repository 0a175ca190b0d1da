package org.concordia.kernel.issue;

/** CAPA: corrective or preventive action. */
public enum ActionKind {
    CORRECTIVE, PREVENTIVE
}
