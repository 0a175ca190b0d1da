package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.query.issue.IssueState;
import org.concordia.query.support.Json;
import org.junit.jupiter.api.Test;

/** Stored issue state leaves its null properties out ({@link Json#writeIssueState}) and reads back the same. */
class IssueStateJsonTest {

    @Test
    void everyStateOfAPlausibleHistoryReadsBackAsItWasWithoutItsNulls() {
        Map<String, IssueState> states = new HashMap<>();
        long full = 0;
        long stored = 0;
        for (PlausibleHistory.Recorded r : PlausibleHistory.generate(31, 120, 2500)) {
            if (r.payload() instanceof IssueEvent e) {
                IssueState s = IssueState.apply(states.get(e.issueId()), e, r.at(), r.seq());
                states.put(e.issueId(), s);
                String json = Json.writeIssueState(s);
                assertThat(Json.writeState(Json.read(json, IssueState.class))).isEqualTo(Json.writeState(s));
                full += Json.writeState(s).length();
                stored += json.length();
            }
        }
        assertThat(stored).as("smaller than with its nulls").isLessThan(full);
    }

    @Test
    void aMapEntryWhoseValueIsNullIsKept() {
        IssueState s = new IssueState();
        s.rejectionReasons.put("p-1", null);
        IssueState back = Json.read(Json.writeIssueState(s), IssueState.class);
        assertThat(back.rejectionReasons).containsEntry("p-1", null).hasSize(1);
        assertThat(back.restrictedToTiers).isNotNull().isEmpty();
        assertThat(back.comments).isNotNull().isEmpty();
    }
}
