package org.concordia.command.testdata;

import org.axonframework.test.aggregate.ResultValidator;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Assertions for refused commands: the named rule, and nothing recorded. */
public final class Violations {

    private Violations() {
    }

    public static <T> void expectRefused(ResultValidator<T> result, DomainRule rule) {
        result.expectException(DomainRuleViolation.class)
              .expectException(violationOf(rule))
              .expectNoEvents();
    }

    public static Matcher<DomainRuleViolation> violationOf(DomainRule rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainRuleViolation violation) {
                return violation.rule() == rule;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a DomainRuleViolation of rule ").appendValue(rule);
            }
        };
    }
}
