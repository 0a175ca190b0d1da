package org.concordia.kernel.issue;


public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL
}
