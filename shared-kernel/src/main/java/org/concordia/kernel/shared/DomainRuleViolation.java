package org.concordia.kernel.shared;

import java.util.Objects;

/** A command was refused because it breaks a named rule of the current state. Nothing is recorded. */
public class DomainRuleViolation extends RuntimeException {

    private final DomainRule rule;
    private final String detail;

    public DomainRuleViolation(DomainRule rule, String detail) {
        super(Objects.requireNonNull(rule, "rule") + ": " + detail);
        this.rule = rule;
        this.detail = detail;
    }

    public DomainRule rule() {
        return rule;
    }

    public String detail() {
        return detail;
    }
}
