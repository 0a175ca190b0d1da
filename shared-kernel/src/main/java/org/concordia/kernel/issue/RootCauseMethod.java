package org.concordia.kernel.issue;

/** How a root cause was found. */
public enum RootCauseMethod {
    FIVE_WHYS, FISHBONE, FAULT_TREE, PARETO, OTHER
}
