package org.concordia.kernel.issue;


public enum IssueStatus {
    OPEN, ACKNOWLEDGED, RESOLUTION_PROPOSED, RESOLVED, CLOSED, WITHDRAWN
}
