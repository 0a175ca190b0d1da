package org.concordia.kernel.collaboration;

/** What kind of multi-party collaboration this is. */
public enum CollaborationKind {
    CLINICAL_TRIAL, RESEARCH_CONSORTIUM, PARTNERSHIP, OTHER
}
