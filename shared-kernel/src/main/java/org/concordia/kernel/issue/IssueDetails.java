package org.concordia.kernel.issue;

import java.util.Set;

/** The correctable description of an issue. */
public record IssueDetails(String title, String description, IssueCategory category, Set<String> involvedParties) {

    public IssueDetails {
        involvedParties = involvedParties == null ? Set.of() : Set.copyOf(involvedParties);
    }
}
