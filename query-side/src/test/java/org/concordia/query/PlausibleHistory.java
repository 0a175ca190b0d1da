package org.concordia.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.*;
import org.concordia.kernel.collaboration.*;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.kernel.shared.SignatureMethod;

/**
 * Generates a plausible, valid history of one collaboration: setup events, then random legal transitions of
 * {@code issues} issues interleaved, each event a {@link Recorded} with aggregate id, sequence number and time.
 */
final class PlausibleHistory {

    record Recorded(String aggregateType, String aggregateId, long seq, Object payload, Instant at) {
    }

    static final String KEY = "TRIAL";
    static final String CID = CollaborationId.forKey(KEY).value();
    static final Map<String, String> PARTY_OF = new LinkedHashMap<>();
    static {
        PARTY_OF.put("cora", null);
        PARTY_OF.put("sam.sponsor", "SPON");
        PARTY_OF.put("sita", "SITE");
        PARTY_OF.put("carl", "CRO");
        PARTY_OF.put("tess", "CRO");
        PARTY_OF.put("tom", "UNI");
        PARTY_OF.put("sven", "SPON");
    }
    static final GovernanceTier WG = new GovernanceTier("Working group", List.of("sam.sponsor", "sita", "carl"),
            Duration.ofDays(2), Duration.ofDays(20), 2);
    static final GovernanceTier TSC = new GovernanceTier("Steering committee", List.of("tess", "tom", "sven"),
            Duration.ofDays(3), Duration.ofDays(30), 2);

    private final Random random;
    private final List<Recorded> events = new ArrayList<>();
    private Instant clock = Instant.parse("2026-01-05T08:00:00Z");
    private long collaborationSeq = -1;

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

    private PlausibleHistory(long seed) {
        this.random = new Random(seed);
    }

    static List<Recorded> generate(long seed, int issues, int totalEvents) {
        return new PlausibleHistory(seed).run(issues, totalEvents);
    }

    private static ActorContext actor(String username) {
        return new ActorContext(username, PARTY_OF.get(username),
                Set.of(username.equals("cora") ? MemberRole.COORDINATOR : MemberRole.CONTRIBUTOR));
    }

    private void collab(Object payload) {
        events.add(new Recorded("Collaboration", CID, ++collaborationSeq, payload, tick()));
    }

    private void issue(Issue i, Object payload) {
        events.add(new Recorded("Issue", i.id, ++i.seq, payload, tick()));
    }

    private Instant tick() {
        clock = clock.plus(Duration.ofMinutes(1 + random.nextInt(300)));
        return clock;
    }

    private List<Recorded> run(int issueCount, int totalEvents) {
        collab(new CollaborationRegistered(CID, KEY, "Trial", CollaborationKind.CLINICAL_TRIAL, "d", "cora",
                actor("cora")));
        collab(new MemberAdded(CID, "cora", null, Set.of(MemberRole.COORDINATOR), actor("cora")));
        for (String party : List.of("SPON", "SITE", "CRO", "UNI")) {
            collab(new PartyRegistered(CID, party, party, PartyRole.OTHER, actor("cora")));
        }
        PARTY_OF.forEach((u, p) -> {
            if (p != null) {
                collab(new MemberAdded(CID, u, p, Set.of(MemberRole.CONTRIBUTOR), actor("cora")));
            }
        });
        collab(new GovernanceLadderDefined(CID, 1, List.of(WG, TSC), actor("cora")));
        List<Issue> issues = new ArrayList<>();
        while (events.size() < totalEvents) {
            if (issues.size() < issueCount && (issues.isEmpty() || random.nextInt(8) == 0)) {
                issues.add(raise(issues.size() + 1));
                continue;
            }
            step(issues.get(random.nextInt(issues.size())));
        }
        return events;
    }

    private Issue raise(int number) {
        Issue i = new Issue();
        i.id = "issue-" + number;
        i.status = IssueStatus.OPEN;
        i.tier = 1;
        i.type = random.nextBoolean() ? IssueType.CONFLICT : IssueType.ISSUE;
        List<String> parties = new ArrayList<>(List.of("SPON", "SITE", "CRO", "UNI"));
        Collections.shuffle(parties, random);
        i.parties = new TreeSet<>(parties.subList(0, i.type == IssueType.CONFLICT ? 2 : 1));
        i.raiser = pick(List.of("sam.sponsor", "sita", "carl", "tom"));
        String key = KEY + "-" + number;
        collab(new IssueNumberAllocated(CID, i.id, number, key, actor(i.raiser)));
        issue(i, new IssueRaised(CID, i.id, key, number, i.type, "Deviation " + number + (number % 3 == 0 ? " visit window" : ""),
                "Description, with \"quotes\", of " + number, pick(List.of(IssueCategory.values())),
                pick(List.of(Severity.values())), i.parties, new TierSnapshot(1, 1, WG), actor(i.raiser)));
        return i;
    }

    private GovernanceTier tier(Issue i) {
        return i.tier == 1 ? WG : TSC;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String member(Issue i) {
        return pick(tier(i).members());
    }

    private void step(Issue i) {
        int r = random.nextInt(10);
        String by = member(i);
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
                } else if (r == 8) {
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
                    issue(i, new ResolutionProposed(CID, i.id, i.proposal, "Proposal " + i.counter, "Text, line\nline 2",
                            i.tier, actor(by)));
                } else if (r == 4) {
                    issue(i, new IssueAssigned(CID, i.id, by, actor("cora")));
                } else if (r == 5) {
                    issue(i, new SeverityChanged(CID, i.id, Severity.LOW, pick(List.of(Severity.values())), "reassessed",
                            actor(by)));
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
                issue(i, new VoteCast(CID, i.id, i.proposal, choice, choice == VoteChoice.REJECT ? "No, \"really\"" : null,
                        actor(voter), signature(voter, CastVote.meaningOf(choice))));
                List<Ballot> ballots = i.votes.entrySet().stream()
                        .map(e -> new Ballot(e.getKey(), PARTY_OF.get(e.getKey()), e.getValue(),
                                signature(e.getKey(), CastVote.meaningOf(e.getValue())))).toList();
                long approvals = i.votes.values().stream().filter(v -> v == VoteChoice.APPROVE).count();
                long remaining = eligible.size() - 1;
                if (approvals >= tier(i).decisionRule().participationQuorum()) {
                    i.status = IssueStatus.RESOLVED;
                    issue(i, new ProposalAdopted(CID, i.id, i.proposal, new Decision(i.proposal, "Proposal", "Text",
                            i.tier, tier(i).name(), tier(i).decisionRule().participationQuorum(), ballots), actor(voter)));
                } else if (approvals + remaining < tier(i).decisionRule().participationQuorum()) {
                    i.status = IssueStatus.ACKNOWLEDGED;
                    issue(i, new ProposalRejected(CID, i.id, i.proposal, i.tier, ballots, "quorum out of reach",
                            actor(voter)));
                }
            }
            case RESOLVED -> {
                Optional<String> open = i.actions.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                        .findFirst();
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
                if (r < 2) {
                    reopen(i);
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
        issue(i, new CommentAdded(CID, i.id, i.id + "-c" + (++i.counter), "Comment, \"quoted\"\nmultiline", actor(by)));
    }

    private void addAction(Issue i, String by) {
        String id = i.id + "-a" + (++i.counter);
        i.actions.put(id, false);
        String owner = pick(List.of("sita", "sam.sponsor", "tess"));
        issue(i, new CorrectiveActionAdded(CID, i.id, id, ActionKind.CORRECTIVE, "Fix it", owner,
                LocalDate.of(2026, 6, 1), actor(by)));
    }

    private static ElectronicSignature signature(String username, SignatureMeaning meaning) {
        return new ElectronicSignature(username, "Printed " + username, meaning, Instant.parse("2026-01-01T00:00:00Z"),
                SignatureMethod.PASSWORD);
    }
}
