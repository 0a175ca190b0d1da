package org.concordia.query.testdata;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;

import java.time.Duration;
import java.time.Instant;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;
import java.time.LocalDate;
import java.util.*;

/**
 * A valid, realistic history of one large collaboration, generated lazily: setup events, then random legal
 * transitions of up to {@code issues} issues interleaved (raising, acknowledging, assigning, commenting, severity
 * changes, escalations, SLA breaches, proposals, votes with recusal, adoptions and rejections, CAPA actions,
 * closing, reopening, withdrawing) until {@code totalEvents} events. Deterministic for a seed.
 */
public final class SyntheticCollaboration implements Iterator<DomainEventMessage<?>> {

    static final String KEY = "BENCH";
    public static final String CID = CollaborationId.forKey(KEY).value();
    static final List<String> PARTIES = List.of("SPON", "SITE1", "SITE2", "SITE3", "CRO", "DMC", "UNI", "PAT");
    static final Map<String, String> PARTY_OF = new LinkedHashMap<>();

    static {
        PARTY_OF.put("cora", null);
        PARTY_OF.put("sam", "SPON");
        PARTY_OF.put("sita", "SITE1");
        PARTY_OF.put("simon", "SITE2");
        PARTY_OF.put("sue", "SITE3");
        PARTY_OF.put("carl", "CRO");
        PARTY_OF.put("tess", "CRO");
        PARTY_OF.put("dora", "DMC");
        PARTY_OF.put("tom", "UNI");
        PARTY_OF.put("pat", "PAT");
        PARTY_OF.put("sven", "SPON");
    }

    static final GovernanceTier WG = new GovernanceTier("Working group", List.of("sam", "sita", "carl", "simon"),
            Duration.ofDays(2), Duration.ofDays(20), 2);
    static final GovernanceTier TSC = new GovernanceTier("Steering committee", List.of("tess", "tom", "sven", "dora"),
            Duration.ofDays(3), Duration.ofDays(30), 2);

    /** Words for titles and descriptions, so free-text search has realistic selectivity. */
    static final String[] WORDS = ("visit window missed dose deviation consent form version outdated randomisation "
            + "error sample shipment delayed temperature excursion freezer storage laboratory kit expired source data "
            + "verification query backlog monitoring report overdue budget invoice dispute milestone payment site "
            + "activation pharmacy blinding unblinded emergency adverse event reporting late serious safety signal "
            + "protocol amendment approval ethics committee regulatory submission publication authorship order "
            + "manuscript draft intellectual property licence agreement data sharing access request database lock "
            + "timeline slippage recruitment target enrolment screening failure eligibility criteria waiver imaging "
            + "central reading discrepancy endpoint adjudication committee charter training record missing "
            + "investigator delegation log signature audit finding capa effectiveness check vendor oversight "
            + "communication escalation meeting minutes action item resource shortage staffing turnover").split(" ");

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

    public SyntheticCollaboration(long seed, int issueCount, long totalEvents, Instant start) {
        this.random = new Random(seed);
        this.issueCount = issueCount;
        this.totalEvents = totalEvents;
        this.clock = start;
        // a raising step writes two events: r = N / (0.8 M - N) raises N issues within the first 80 % of M
        double needed = 0.8 * totalEvents > issueCount ? issueCount / (0.8 * totalEvents - issueCount) : 1.0;
        this.raiseChance = Math.min(1.0, Math.max(1.0 / 8, needed));
        setup();
    }

    /** For benchmarks in other packages. */
    public static Iterator<DomainEventMessage<?>> create(long seed, int issues, long totalEvents, Instant start) {
        return new SyntheticCollaboration(seed, issues, totalEvents, start);
    }

    /** Mean simulated time between two events, so a history of {@code totalEvents} ends about now. */
    public static Duration meanTick() {
        return Duration.ofSeconds(15);
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

    private static ActorContext actor(String username) {
        return new ActorContext(username, PARTY_OF.get(username),
                Set.of(username.equals("cora") ? MemberRole.COORDINATOR : MemberRole.CONTRIBUTOR));
    }

    private void collab(Object payload) {
        add("Collaboration", CID, ++collaborationSeq, payload);
    }

    private void issue(Issue i, Object payload) {
        add("Issue", i.id, ++i.seq, payload);
    }

    private void add(String type, String aggregateId, long seq, Object payload) {
        clock = clock.plusMillis(1 + random.nextInt(30_000));
        pending.add(new GenericDomainEventMessage<>(type, aggregateId, seq, payload, MetaData.emptyInstance(),
                new UUID(0x5EED, ++eventIds).toString(), clock));
    }

    private void setup() {
        collab(new CollaborationRegistered(CID, KEY, "Bench trial", CollaborationKind.CLINICAL_TRIAL, "d", "cora",
                actor("cora")));
        collab(new MemberAdded(CID, "cora", null, Set.of(MemberRole.COORDINATOR), actor("cora")));
        for (String party : PARTIES) {
            collab(new PartyRegistered(CID, party, party, PartyRole.OTHER, actor("cora")));
        }
        PARTY_OF.forEach((u, p) -> {
            if (p != null) {
                collab(new MemberAdded(CID, u, p, Set.of(MemberRole.CONTRIBUTOR), actor("cora")));
            }
        });
        collab(new GovernanceLadderDefined(CID, 1, List.of(WG, TSC), actor("cora")));
    }

    private String words(int n) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < n; k++) {
            s.append(k == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    private void raise(int number) {
        Issue i = new Issue();
        i.id = "bench-issue-" + number;
        i.status = IssueStatus.OPEN;
        i.tier = 1;
        i.type = random.nextBoolean() ? IssueType.CONFLICT : IssueType.ISSUE;
        List<String> parties = new ArrayList<>(PARTIES);
        Collections.shuffle(parties, random);
        i.parties = new TreeSet<>(parties.subList(0, i.type == IssueType.CONFLICT ? 2 + random.nextInt(2) : 1));
        i.raiser = pick(List.of("sam", "sita", "carl", "tom", "simon", "sue", "pat"));
        String key = KEY + "-" + number;
        collab(new IssueNumberAllocated(CID, i.id, number, key, actor(i.raiser)));
        issue(i, new IssueRaised(CID, i.id, key, number, i.type, words(3 + random.nextInt(4)) + " #" + number,
                "Observed at site: " + words(12 + random.nextInt(20)) + ". Impact: " + words(6),
                pick(List.of(IssueCategory.values())), pick(List.of(Severity.values())), i.parties,
                new TierSnapshot(1, 1, WG), actor(i.raiser)));
        issues.add(i);
    }

    private GovernanceTier tier(Issue i) {
        return i.tier == 1 ? WG : TSC;
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
                    issue(i, new IssueAcknowledged(CID, i.id, i.tier, actor(by)));
                } else if (r < 7 && i.tier == 1) {
                    escalate(i, r == 6);
                } else if (r == 7 && i.tier == 2 && !i.breachedAck) {
                    i.breachedAck = true;
                    issue(i, new SlaBreached(CID, i.id, 2, SlaPhase.ACKNOWLEDGE, "late", ActorContext.SYSTEM));
                } else if (r == 8 && random.nextInt(4) == 0) {
                    i.status = IssueStatus.WITHDRAWN;
                    issue(i, new IssueWithdrawn(CID, i.id, "no longer relevant", actor(i.raiser)));
                } else {
                    comment(i, by);
                }
            }
            case ACKNOWLEDGED -> {
                if (r < 4) {
                    i.proposal = i.id + "-p" + (++i.counter);
                    i.votes.clear();
                    i.status = IssueStatus.RESOLUTION_PROPOSED;
                    issue(i, new ResolutionProposed(CID, i.id, i.proposal, "Proposal " + i.counter, words(15),
                            i.tier, actor(by)));
                } else if (r == 4) {
                    issue(i, new IssueAssigned(CID, i.id, by, actor("cora")));
                } else if (r == 5) {
                    issue(i, new SeverityChanged(CID, i.id, Severity.LOW, pick(List.of(Severity.values())),
                            "reassessed", actor(by)));
                } else if (r == 6) {
                    addAction(i, by);
                } else if (r == 7 && i.tier == 1) {
                    escalate(i, false);
                } else if (r == 7 && !i.breachedResolve) {
                    i.breachedResolve = true;
                    issue(i, new SlaBreached(CID, i.id, 2, SlaPhase.RESOLVE, "too slow", ActorContext.SYSTEM));
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
                        .filter(m -> i.type != IssueType.CONFLICT || !i.parties.contains(PARTY_OF.get(m))).toList();
                if (eligible.isEmpty()) {
                    comment(i, by);
                    return;
                }
                String voter = pick(eligible);
                VoteChoice choice = pick(List.of(VoteChoice.APPROVE, VoteChoice.APPROVE, VoteChoice.REJECT,
                        VoteChoice.ABSTAIN));
                i.votes.put(voter, choice);
                issue(i, new VoteCast(CID, i.id, i.proposal, choice, choice == VoteChoice.REJECT ? "No" : null,
                        actor(voter), signature(voter, CastVote.meaningOf(choice))));
                List<Ballot> ballots = i.votes.entrySet().stream()
                        .map(e -> new Ballot(e.getKey(), PARTY_OF.get(e.getKey()), e.getValue(),
                                signature(e.getKey(), CastVote.meaningOf(e.getValue())))).toList();
                long approvals = i.votes.values().stream().filter(v -> v == VoteChoice.APPROVE).count();
                long remaining = eligible.size() - 1;
                if (approvals >= tier(i).quorum()) {
                    i.status = IssueStatus.RESOLVED;
                    issue(i, new ProposalAdopted(CID, i.id, i.proposal, new Decision(i.proposal, "Proposal",
                            "Rationale", i.tier, tier(i).name(), tier(i).quorum(), ballots), actor(voter)));
                } else if (approvals + remaining < tier(i).quorum()) {
                    i.status = IssueStatus.ACKNOWLEDGED;
                    issue(i, new ProposalRejected(CID, i.id, i.proposal, i.tier, ballots, "quorum out of reach",
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
                    issue(i, new ActionCompleted(CID, i.id, open.get(), "done", actor(by)));
                } else if (r < 8 && open.isEmpty()) {
                    i.status = IssueStatus.CLOSED;
                    issue(i, new IssueClosed(CID, i.id, "effective", actor("cora"),
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
        issue(i, new IssueEscalated(CID, i.id, 1, new TierSnapshot(2, 1, TSC),
                bySla ? EscalationCause.SLA_BREACH : EscalationCause.MANUAL, bySla ? SlaPhase.ACKNOWLEDGE : null,
                "escalated", superseded, bySla ? ActorContext.SYSTEM : actor("cora")));
    }

    private void reopen(Issue i) {
        i.status = IssueStatus.OPEN;
        i.breachedAck = false;
        i.breachedResolve = false;
        issue(i, new IssueReopened(CID, i.id, "not effective", i.tier, actor("cora")));
    }

    private void comment(Issue i, String by) {
        issue(i, new CommentAdded(CID, i.id, i.id + "-c" + (++i.counter), words(10), actor(by)));
    }

    private void addAction(Issue i, String by) {
        String id = i.id + "-a" + (++i.counter);
        i.actions.put(id, false);
        String owner = pick(List.of("sita", "sam", "tess", "simon"));
        issue(i, new CorrectiveActionAdded(CID, i.id, id, ActionKind.CORRECTIVE, "Fix it", owner,
                LocalDate.of(2026, 6, 1), actor(by)));
    }
}
