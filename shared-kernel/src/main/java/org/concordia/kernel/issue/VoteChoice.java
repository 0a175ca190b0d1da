package org.concordia.kernel.issue;


public enum VoteChoice {
    APPROVE, REJECT, ABSTAIN
}
