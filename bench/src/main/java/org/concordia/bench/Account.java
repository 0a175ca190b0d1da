package org.concordia.bench;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The benchmark aggregate: an account whose events carry an event-sized (~400 byte) payload. */
public class Account {

    /** ~330 characters of text, so that a serialized event payload is about 400 bytes. */
    static final String MEMO = ("Transfer reference and free-text memo as entered by the operator; "
                                + "kept verbatim for the audit trail. ").repeat(3) + "Batch ref ";

    public record OpenAccount(@TargetAggregateIdentifier String accountId, String owner, String memo) {
    }

    public record Deposit(@TargetAggregateIdentifier String accountId, long amount, String memo) {
    }

    public record AccountOpened(String accountId, String owner, String memo) {
    }

    public record Deposited(String accountId, long amount, long balance, String memo) {
    }

    @AggregateIdentifier
    private String id;
    private long balance;

    public Account() {
    }

    @CommandHandler
    public Account(OpenAccount command) {
        AggregateLifecycle.apply(new AccountOpened(command.accountId(), command.owner(), command.memo()));
    }

    @CommandHandler
    public void handle(Deposit command) {
        AggregateLifecycle.apply(new Deposited(id, command.amount(), balance + command.amount(), command.memo()));
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        this.id = event.accountId();
    }

    @EventSourcingHandler
    void on(Deposited event) {
        this.balance = event.balance();
    }
}
