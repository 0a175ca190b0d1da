package org.concordia.kernel.issue.query;

import java.util.List;

public record IssuePage(List<IssueSummary> items, int page, int size, long total) {
}
