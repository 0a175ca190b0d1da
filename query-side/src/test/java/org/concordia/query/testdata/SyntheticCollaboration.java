package org.concordia.query.testdata;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;

import java.time.Duration;
import java.time.Instant;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import java.time.LocalDate;
import java.util.*;

/**
 * A valid, realistic history of one collaboration, generated lazily: setup events, then random legal transitions of
 * up to {@code issues} issues interleaved (raising, acknowledging, assigning, commenting, severity changes,
 * escalations, SLA breaches, proposals, votes with recusal, adoptions and rejections, CAPA actions, closing,
 * reopening, withdrawing) until {@code totalEvents} events. Deterministic for a seed and a {@link Cast}. The query
 * side's tests and the benchmarks share it (this module's test-jar).
 */
public final class SyntheticCollaboration implements Iterator<DomainEventMessage<?>> {

    /**
     * Who takes part and what they write: the collaboration's key and name, its parties, its users (username →
     * party, null for the coordinator {@code cora}), the two tiers of its ladder, who raises issues and who owns
     * actions, the prefix of issue ids, the words texts are made of, and the longest pause between two events.
     */
    public record Cast(String key, String name, List<String> parties, Map<String, String> partyOf,
                       GovernanceTier workingGroup, GovernanceTier steeringCommittee, List<String> raisers,
                       List<String> actionOwners, String issuePrefix, List<String> words, Duration maxPause) {

        public String collaborationId() {
            return CollaborationId.forKey(key).value();
        }
    }

    private static final class Issue {
        String id;
        long seq = -1;
        IssueStatus status;
        int tier;
        IssueType type;
        Set<String> parties;
        String raiser;
        String proposal;
        Map<String, VoteChoice> votes = new LinkedHashMap<>();
        Map<String, Boolean> actions = new LinkedHashMap<>();
        boolean breachedAck;
        boolean breachedResolve;
        int counter;
    }

    private final Cast cast;
    private final String cid;
    private final Random random;
    private final int issueCount;
    private final long totalEvents;
    /** Chance that a step raises a new issue: one in eight, or more when N issues must fit in M events. */
    private final double raiseChance;
    private final ArrayDeque<DomainEventMessage<?>> pending = new ArrayDeque<>();
    private final List<Issue> issues = new ArrayList<>();
    private Instant clock;
    private long collaborationSeq = -1;
    private long produced;
    private long eventIds;

    public SyntheticCollaboration(Cast cast, long seed, int issueCount, long totalEvents, Instant start) {
        this.cast = cast;
        this.cid = cast.collaborationId();
        this.random = new Random(seed);
        this.issueCount = issueCount;
        this.totalEvents = totalEvents;
        this.clock = start;
        // a raising step writes two events: r = N / (0.8 M - N) raises N issues within the first 80 % of M
        double needed = 0.8 * totalEvents > issueCount ? issueCount / (0.8 * totalEvents - issueCount) : 1.0;
        this.raiseChance = Math.min(1.0, Math.max(1.0 / 8, needed));
        setup();
    }

    /** Mean simulated time between two events, so that a history can be made to end about now. */
    public static Duration meanPause(Cast cast) {
        return cast.maxPause().dividedBy(2);
    }

    @Override
    public boolean hasNext() {
        for (int attempts = 0; pending.isEmpty() && produced < totalEvents && attempts < 1_000_000; attempts++) {
            if (issues.size() < issueCount && (issues.isEmpty() || random.nextDouble() < raiseChance)) {
                raise(issues.size() + 1);
            } else {
                step(issues.get(random.nextInt(issues.size())));
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public DomainEventMessage<?> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        produced++;
        return pending.poll();
    }

    public int issuesRaised() {
        return issues.size();
    }

    /** Signed votes and closings, as the application records them (the signing time is the event's). */
    private ElectronicSignature signature(String username, SignatureMeaning meaning) {
        return new ElectronicSignature(username, username, meaning, clock, SignatureMethod.PASSWORD);
    }

    private ActorContext actor(String username) {
        return new ActorContext(username, cast.partyOf().get(username),
                Set.of(username.equals("cora") ? MemberRole.COORDINATOR : MemberRole.CONTRIBUTOR));
    }

    private void collab(Object payload) {
        add("Collaboration", cid, ++collaborationSeq, payload);
    }

    private void issue(Issue i, Object payload) {
        add("Issue", i.id, ++i.seq, payload);
    }

    private void add(String type, String aggregateId, long seq, Object payload) {
        clock = clock.plusMillis(1 + random.nextInt((int) cast.maxPause().toMillis()));
        pending.add(new GenericDomainEventMessage<>(type, aggregateId, seq, payload, MetaData.emptyInstance(),
                new UUID(0x5EED, ++eventIds).toString(), clock));
    }

    private void setup() {
        collab(new CollaborationRegistered(cid, cast.key(), cast.name(), CollaborationKind.CLINICAL_TRIAL, "d", "cora",
                actor("cora")));
        collab(new MemberAdded(cid, "cora", null, Set.of(MemberRole.COORDINATOR), actor("cora")));
        for (String party : cast.parties()) {
            collab(new PartyRegistered(cid, party, party, PartyRole.OTHER, actor("cora")));
        }
        cast.partyOf().forEach((u, p) -> {
            if (p != null) {
                collab(new MemberAdded(cid, u, p, Set.of(MemberRole.CONTRIBUTOR), actor("cora")));
            }
        });
        collab(new GovernanceLadderDefined(cid, 1, List.of(cast.workingGroup(), cast.steeringCommittee()),
                actor("cora")));
    }

    private String words(int n) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) {
            s.append(k == 0 ? "" : " ").append(cast.words().get(random.nextInt(cast.words().size())));
        }
        return s.toString();
    }

    private void raise(int number) {
        Issue i = new Issue();
        i.id = cast.issuePrefix() + number;
        i.status = IssueStatus.OPEN;
        i.tier = 1;
        i.type = random.nextBoolean() ? IssueType.CONFLICT : IssueType.ISSUE;
        List<String> parties = new ArrayList<>(cast.parties());
        Collections.shuffle(parties, random);
        i.parties = new TreeSet<>(parties.subList(0, i.type == IssueType.CONFLICT ? 2 + random.nextInt(2) : 1));
        i.raiser = pick(cast.raisers());
        String key = cast.key() + "-" + number;
        collab(new IssueNumberAllocated(cid, i.id, number, key, actor(i.raiser)));
        issue(i, new IssueRaised(cid, i.id, key, number, i.type, words(3 + random.nextInt(4)) + " #" + number,
                "Observed at site: " + words(12 + random.nextInt(20)) + ". Impact: " + words(6),
                pick(List.of(IssueCategory.values())), pick(List.of(Severity.values())), i.parties,
                new TierSnapshot(1, 1, cast.workingGroup()), actor(i.raiser)));
        issues.add(i);
    }

    private GovernanceTier tier(Issue i) {
        return i.tier == 1 ? cast.workingGroup() : cast.steeringCommittee();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private void step(Issue i) {
        int r = random.nextInt(10);
        String by = pick(tier(i).members());
        switch (i.status) {
            case OPEN -> {
                if (r < 5) {
                    i.status = IssueStatus.ACKNOWLEDGED;
                    issue(i, new IssueAcknowledged(cid, i.id, i.tier, actor(by)));
                } else if (r < 7 && i.tier == 1) {
                    escalate(i, r == 6);
                } else if (r == 7 && i.tier == 2 && !i.breachedAck) {
                    i.breachedAck = true;
                    issue(i, new SlaBreached(cid, i.id, 2, SlaPhase.ACKNOWLEDGE, "late", ActorContext.SYSTEM));
                } else if (r == 8 && random.nextInt(4) == 0) {
                    i.status = IssueStatus.WITHDRAWN;
                    issue(i, new IssueWithdrawn(cid, i.id, "no longer relevant", actor(i.raiser)));
                } else {
                    comment(i, by);
                }
            }
            case ACKNOWLEDGED -> {
                if (r < 4) {
                    i.proposal = i.id + "-p" + (++i.counter);
                    i.votes.clear();
                    i.status = IssueStatus.RESOLUTION_PROPOSED;
                    issue(i, new ResolutionProposed(cid, i.id, i.proposal, "Proposal " + i.counter, words(15),
                            i.tier, actor(by)));
                } else if (r == 4) {
                    issue(i, new IssueAssigned(cid, i.id, by, null, actor("cora")));
                } else if (r == 5) {
                    issue(i, new SeverityChanged(cid, i.id, Severity.LOW, pick(List.of(Severity.values())),
                            "reassessed", actor(by)));
                } else if (r == 6) {
                    addAction(i, by);
                } else if (r == 7 && i.tier == 1) {
                    escalate(i, false);
                } else if (r == 7 && !i.breachedResolve) {
                    i.breachedResolve = true;
                    issue(i, new SlaBreached(cid, i.id, 2, SlaPhase.RESOLVE, "too slow", ActorContext.SYSTEM));
                } else {
                    comment(i, by);
                }
            }
            case RESOLUTION_PROPOSED -> {
                if (r == 9 && i.tier == 1) {
                    escalate(i, true);
                    return;
                }
                List<String> eligible = tier(i).members().stream().filter(m -> !i.votes.containsKey(m))
                        .filter(m -> i.type != IssueType.CONFLICT || !i.parties.contains(cast.partyOf().get(m))).toList();
                if (eligible.isEmpty()) {
                    comment(i, by);
                    return;
                }
                String voter = pick(eligible);
                VoteChoice choice = pick(List.of(VoteChoice.APPROVE, VoteChoice.APPROVE, VoteChoice.REJECT,
                        VoteChoice.ABSTAIN));
                i.votes.put(voter, choice);
                issue(i, new VoteCast(cid, i.id, i.proposal, choice, choice == VoteChoice.REJECT ? "No" : null,
                        actor(voter), signature(voter, CastVote.meaningOf(choice))));
                List<Ballot> ballots = i.votes.entrySet().stream()
                        .map(e -> new Ballot(e.getKey(), cast.partyOf().get(e.getKey()), e.getValue(),
                                signature(e.getKey(), CastVote.meaningOf(e.getValue())))).toList();
                long approvals = i.votes.values().stream().filter(v -> v == VoteChoice.APPROVE).count();
                long remaining = eligible.size() - 1;
                if (approvals >= tier(i).decisionRule().participationQuorum()) {
                    i.status = IssueStatus.RESOLVED;
                    issue(i, new ProposalAdopted(cid, i.id, i.proposal, new Decision(i.proposal, "Proposal",
                            "Rationale", i.tier, tier(i).name(), tier(i).decisionRule().participationQuorum(), ballots),
                            actor(voter)));
                } else if (approvals + remaining < tier(i).decisionRule().participationQuorum()) {
                    i.status = IssueStatus.ACKNOWLEDGED;
                    issue(i, new ProposalRejected(cid, i.id, i.proposal, i.tier, ballots, "quorum out of reach",
                            actor(voter)));
                }
            }
            case RESOLVED -> {
                Optional<String> open = i.actions.entrySet().stream().filter(e -> !e.getValue())
                        .map(Map.Entry::getKey).findFirst();
                if (r < 3) {
                    addAction(i, by);
                } else if (r < 6 && open.isPresent()) {
                    i.actions.put(open.get(), true);
                    issue(i, new ActionCompleted(cid, i.id, open.get(), "done", actor(by)));
                } else if (r < 8 && open.isEmpty()) {
                    i.status = IssueStatus.CLOSED;
                    issue(i, new IssueClosed(cid, i.id, "effective", actor("cora"),
                            signature("cora", SignatureMeaning.CLOSED_AS_EFFECTIVE)));
                } else if (r == 8) {
                    reopen(i);
                } else {
                    comment(i, by);
                }
            }
            case CLOSED -> {
                if (r < 1) {
                    reopen(i);
                } else {
                    comment(i, by);
                }
            }
            case WITHDRAWN -> {
            }
        }
    }

    private void escalate(Issue i, boolean bySla) {
        String superseded = i.status == IssueStatus.RESOLUTION_PROPOSED ? i.proposal : null;
        i.tier = 2;
        i.status = IssueStatus.OPEN;
        i.breachedAck = false;
        i.breachedResolve = false;
        issue(i, new IssueEscalated(cid, i.id, 1, new TierSnapshot(2, 1, cast.steeringCommittee()),
                bySla ? EscalationCause.SLA_BREACH : EscalationCause.MANUAL, bySla ? SlaPhase.ACKNOWLEDGE : null,
                "escalated", superseded, bySla ? ActorContext.SYSTEM : actor("cora")));
    }

    private void reopen(Issue i) {
        i.status = IssueStatus.OPEN;
        i.breachedAck = false;
        i.breachedResolve = false;
        issue(i, new IssueReopened(cid, i.id, "not effective", i.tier, actor("cora")));
    }

    private void comment(Issue i, String by) {
        issue(i, new CommentAdded(cid, i.id, i.id + "-c" + (++i.counter), words(10), actor(by)));
    }

    private void addAction(Issue i, String by) {
        String id = i.id + "-a" + (++i.counter);
        i.actions.put(id, false);
        String owner = pick(cast.actionOwners());
        issue(i, new CorrectiveActionAdded(cid, i.id, id, ActionKind.CORRECTIVE, "Fix it", owner,
                LocalDate.of(2026, 6, 1), actor(by)));
    }
}
