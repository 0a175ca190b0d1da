package org.concordia.infra.demo;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.concordia.infra.account.AccountService;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.NotificationPreferences.Delivery;
import org.concordia.infra.notification.NotificationPreferences.Preference;
import org.concordia.infra.security.ElectronicSignatures;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.EntryRoute;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.AssessImpact;
import org.concordia.kernel.issue.DeclareConflictOfInterest;
import org.concordia.kernel.issue.Dismissal;
import org.concordia.kernel.issue.DismissIssue;
import org.concordia.kernel.issue.FlagSeriousBreach;
import org.concordia.kernel.issue.PlanEffectivenessCheck;
import org.concordia.kernel.issue.RecordEffectivenessCheck;
import org.concordia.kernel.issue.RecordRootCause;
import org.concordia.kernel.issue.RiskLevel;
import org.concordia.kernel.issue.RootCauseMethod;
import org.concordia.kernel.issue.ActionKind;
import org.concordia.kernel.issue.AddCorrectiveAction;
import org.concordia.kernel.issue.AssignIssue;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.issue.CloseIssue;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.CompleteAction;
import org.concordia.kernel.issue.EscalateIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.ProposeResolution;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.issue.WithdrawIssue;
import org.concordia.kernel.shared.SignatureMeaning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --demo}: a realistic clinical-trial consortium, seeded through the same commands the API sends, so that a
 * newcomer sees a populated system at once. Runs once; a second start with {@code --demo} changes nothing.
 */
@Component
@Order(10)
@ConditionalOnProperty("demo")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String KEY = "ONCO";
    static final String DMC = "Data monitoring committee";

    private final CommandGateway commands;
    /** Every demo user's password: it meets the password rules (no username in it). */
    static final String PASSWORD = "onco-demo-pass";

    private final AccountService accounts;
    private final ElectronicSignatures signatures;
    private final Map<String, String> credentials = new LinkedHashMap<>();
    private final NotificationPreferences notifications;

    DemoData(CommandGateway commands, AccountService accounts, ElectronicSignatures signatures,
             NotificationPreferences notifications) {
        this.commands = commands;
        this.accounts = accounts;
        this.signatures = signatures;
        this.notifications = notifications;
    }

    @Override
    public void run(ApplicationArguments args) {
        String cid = CollaborationId.forKey(KEY).value();
        if (accounts.exists("cora")) {
            log.info("Demo data already present (collaboration {}); nothing seeded", KEY);
            return;
        }
        for (String[] user : new String[][]{
                {"cora", "Cora Lindqvist (trial coordinator)"}, {"sam", "Sam Okafor (sponsor medical lead)"},
                {"carl", "Carl Meyer (CRO project manager)"}, {"sita", "Dr Sita Rao (PI, site 101)"},
                {"sid", "Dr Sid Brennan (PI, site 204)"}, {"dana", "Dana Whitfield (DMC chair)"},
                {"pat", "Pat Moreno (patient advocate)"}, {"prof", "Prof. Ines Varga (chief investigator)"},
                {"exec", "Elena Kovacs (sponsor executive)"}, {"audrey", "Audrey Chen (QA auditor)"}}) {
            accounts.createPasswordAccount(user[0], user[1], PASSWORD, false, false, "demo data",
                                           org.concordia.kernel.shared.ActorContext.SYSTEM_USERNAME);
            credentials.put(user[0], PASSWORD);
            // everyone asked for a daily digest, so each account page previews one (sent only with an SMTP server)
            notifications.save(new Preference(user[0], user[0] + "@onco-3.example", Delivery.DAILY_DIGEST));
        }

        commands.sendAndWait(RegisterCollaboration.of(KEY, "ONCO-3 phase III consortium", CollaborationKind.CLINICAL_TRIAL,
                "Randomised phase III trial of a checkpoint inhibitor in 14 sites across 5 countries.", "cora"));
        party(cid, "helios", "Helios Pharma", PartyRole.SPONSOR);
        party(cid, "meridian", "Meridian CRO", PartyRole.CRO);
        party(cid, "site101", "Site 101 — Lyon University Hospital", PartyRole.SITE);
        party(cid, "site204", "Site 204 — Leeds Teaching Hospitals", PartyRole.SITE);
        party(cid, "dmc", "Independent Data Monitoring Committee", PartyRole.DATA_MONITORING_COMMITTEE);
        party(cid, "patients", "Patients for Trials", PartyRole.PATIENT_ADVOCACY);
        party(cid, "ctu", "University Clinical Trials Unit", PartyRole.ACADEMIC_PARTNER);
        member(cid, "sam", "helios", MemberRole.CONTRIBUTOR);
        member(cid, "exec", "helios", MemberRole.CONTRIBUTOR);
        member(cid, "carl", "meridian", MemberRole.CONTRIBUTOR);
        member(cid, "sita", "site101", MemberRole.CONTRIBUTOR);
        member(cid, "sid", "site204", MemberRole.CONTRIBUTOR);
        member(cid, "dana", "dmc", MemberRole.CONTRIBUTOR);
        member(cid, "pat", "patients", MemberRole.CONTRIBUTOR);
        member(cid, "prof", "ctu", MemberRole.CONTRIBUTOR);
        member(cid, "audrey", "ctu", MemberRole.AUDITOR);
        commands.sendAndWait(new DefineGovernanceLadder(cid, List.of(
                tier("Operational working group", List.of("carl", "sita", "sid"), "carl", 2, 14,
                     new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true, Duration.ofDays(7))),
                tier("Trial management group", List.of("carl", "prof"), "prof", 3, 21,
                     new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true, Duration.ofDays(7))),
                tier(DMC, List.of("dana"), "dana", 1, 7,
                     new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, Duration.ofDays(3))),
                tier("Trial steering committee", List.of("prof", "dana", "pat", "sam"), "prof", 5, 30,
                     new DecisionRule(3, Threshold.SIMPLE_MAJORITY, true, Duration.ofDays(14))),
                tier("Sponsor executive board", List.of("exec"), "exec", 7, 45,
                     new DecisionRule(1, Threshold.SIMPLE_MAJORITY, false, null))),
                List.of(new EntryRoute(IssueCategory.SAFETY, Severity.CRITICAL, 3)), null, "cora"));

        issues(cid);
        StringBuilder table = new StringBuilder("\n Demo consortium ONCO seeded. Users (password):\n");
        credentials.forEach((user, password) -> table.append("   ").append(user).append(" (").append(password)
                                                      .append(")\n"));
        System.out.println(table);
    }

    private void issues(String cid) {
        raise(cid, "demo-1", IssueType.ISSUE, "eCRF query backlog at site 101 exceeds 300 open queries",
              IssueCategory.DATA_QUALITY, Severity.MEDIUM, Set.of("site101"), "sita");

        raise(cid, "demo-2", IssueType.ISSUE, "Lab kit shipments delayed at site 204",
              IssueCategory.RESOURCING, Severity.LOW, Set.of("site204"), "sid");
        commands.sendAndWait(new AcknowledgeIssue("demo-2", "carl"));
        commands.sendAndWait(new AssignIssue("demo-2", "carl", null, "carl"));
        commands.sendAndWait(new CommentOnIssue("demo-2", "demo-2-c1", "Courier switched; next kits due Friday.", "carl"));

        raise(cid, "demo-3", IssueType.CONFLICT, "Visit 4 window deviations: sponsor and site disagree on classification",
              IssueCategory.PROTOCOL_DEVIATION, Severity.HIGH, Set.of("site101", "helios"), "sita");

        raise(cid, "demo-4", IssueType.CONFLICT, "Per-patient fee for extra imaging visits disputed",
              IssueCategory.BUDGET, Severity.MEDIUM, Set.of("meridian", "helios"), "carl");
        commands.sendAndWait(new EscalateIssue("demo-4", "Working group cannot decide budget questions", "carl"));

        // a ballot still open: one vote of three, the others have seven days
        raise(cid, "demo-5", IssueType.ISSUE, "Database lock planned before last patient's follow-up",
              IssueCategory.TIMELINE, Severity.HIGH, Set.of("meridian"), "sid");
        commands.sendAndWait(new AcknowledgeIssue("demo-5", "sita"));
        commands.sendAndWait(new ProposeResolution("demo-5", "demo-5-p1", "Move database lock by six weeks",
                "Lock after the final 12-week follow-up visit of the last randomised patient.", "carl"));
        vote("demo-5", "demo-5-p1", VoteChoice.APPROVE, "Agreed.", "sita");

        // adopted unanimously; its action is overdue (in pat's inbox and the chair's)
        raise(cid, "demo-6", IssueType.ISSUE, "Patient information leaflet uses unexplained jargon",
              IssueCategory.COMMUNICATION, Severity.LOW, Set.of("patients"), "pat");
        commands.sendAndWait(new AcknowledgeIssue("demo-6", "carl"));
        commands.sendAndWait(new ProposeResolution("demo-6", "demo-6-p1", "Plain-language revision",
                "Revise the leaflet with the patient panel and resubmit to the ethics committees.", "carl"));
        vote("demo-6", "demo-6-p1", VoteChoice.APPROVE, null, "carl");
        vote("demo-6", "demo-6-p1", VoteChoice.APPROVE, null, "sid");
        vote("demo-6", "demo-6-p1", VoteChoice.APPROVE, null, "sita");
        analyse("demo-6", "Leaflet written from the protocol synopsis without patient review",
                "Consent may not be informed; no safety impact", RiskLevel.MEDIUM, "carl");
        commands.sendAndWait(new AddCorrectiveAction("demo-6", "demo-6-a1", ActionKind.CORRECTIVE,
                "Revise leaflet with the patient panel", "pat", LocalDate.now().minusDays(3), "carl"));

        // CAPA with a failed, then a passed, independent effectiveness check, closed as effective
        raise(cid, "demo-7", IssueType.ISSUE, "Temperature excursion in site 101 pharmacy fridge",
              IssueCategory.SAFETY, Severity.HIGH, Set.of("site101"), "sita");
        commands.sendAndWait(new AcknowledgeIssue("demo-7", "sid"));
        commands.sendAndWait(new ProposeResolution("demo-7", "demo-7-p1", "Quarantine and replace affected IMP",
                "Quarantine the batch, replace stock, add continuous temperature logging.", "carl"));
        vote("demo-7", "demo-7-p1", VoteChoice.APPROVE, null, "carl");
        vote("demo-7", "demo-7-p1", VoteChoice.APPROVE, null, "sid");
        vote("demo-7", "demo-7-p1", VoteChoice.APPROVE, null, "sita");
        analyse("demo-7", "Fridge alarm disconnected during a power cut; no continuous logging",
                "12 kits exposed to 11 °C for 6 hours; stability data pending", RiskLevel.HIGH, "carl");
        commands.sendAndWait(new AddCorrectiveAction("demo-7", "demo-7-a1", ActionKind.CORRECTIVE,
                "Replace quarantined stock", "sita", LocalDate.now().plusDays(7), "carl"));
        commands.sendAndWait(new AddCorrectiveAction("demo-7", "demo-7-a2", ActionKind.PREVENTIVE,
                "Install continuous temperature logger with alarm", "sita", LocalDate.now().plusDays(21), "carl"));
        commands.sendAndWait(new CompleteAction("demo-7", "demo-7-a1", "Stock replaced; batch returned.", "sita"));
        commands.sendAndWait(new CompleteAction("demo-7", "demo-7-a2", "Logger installed and tested.", "sita"));
        commands.sendAndWait(new PlanEffectivenessCheck("demo-7", "No excursion above 8 °C unnoticed for 30 days",
                LocalDate.now().plusDays(30), null, "carl"));
        check("demo-7", false, "One excursion went unnoticed: the alarm called a disconnected phone.", "prof");
        commands.sendAndWait(new AddCorrectiveAction("demo-7", "demo-7-a3", ActionKind.PREVENTIVE,
                "Route the fridge alarm to the on-call pharmacist", "sid", LocalDate.now().plusDays(14), "carl"));
        commands.sendAndWait(new CompleteAction("demo-7", "demo-7-a3", "Alarm routed and tested twice.", "sid"));
        check("demo-7", true, "30 days without an unnoticed excursion; two alarms answered within 10 minutes.", "prof");
        close("demo-7", "Actions verified at the monitoring visit.", "carl");

        raise(cid, "demo-8", IssueType.ISSUE, "Annual safety report format question",
              IssueCategory.REGULATORY, Severity.LOW, Set.of("helios"), "sam");
        commands.sendAndWait(new WithdrawIssue("demo-8", "Answered by the regulatory guidance update.", "sam"));

        // skipping tiers, with the reason
        raise(cid, "demo-9", IssueType.CONFLICT, "Authorship order of the primary results paper",
              IssueCategory.PUBLICATION_AUTHORSHIP, Severity.MEDIUM, Set.of("ctu", "helios"), "prof");
        commands.sendAndWait(new EscalateIssue("demo-9", "Publication policy is a steering committee matter", 4,
                "prof"));
        commands.sendAndWait(new AcknowledgeIssue("demo-9", "dana"));

        // a restricted issue for unblinded safety data: routed to the DMC, visible to it and auditors only
        commands.sendAndWait(new RaiseIssue(cid, "demo-10", IssueType.ISSUE, "Unexpected grade 4 hepatotoxicity cluster",
                "Three grade 4 ALT elevations in arm B within two weeks (unblinded data).", IssueCategory.SAFETY,
                Severity.CRITICAL, Set.of("dmc"), Set.of(DMC), null, "dana"));

        // rejected by majority once every eligible member had voted
        raise(cid, "demo-11", IssueType.ISSUE, "Second study nurse needed at site 204",
              IssueCategory.RESOURCING, Severity.MEDIUM, Set.of("site204"), "sid");
        commands.sendAndWait(new AcknowledgeIssue("demo-11", "carl"));
        commands.sendAndWait(new ProposeResolution("demo-11", "demo-11-p1", "Share a nurse with site 101",
                "Site 101 nurse covers site 204 two days a week.", "carl"));
        vote("demo-11", "demo-11-p1", VoteChoice.REJECT, "Not feasible across cities.", "sita");
        vote("demo-11", "demo-11-p1", VoteChoice.REJECT, "Needs local staff.", "sid");
        vote("demo-11", "demo-11-p1", VoteChoice.APPROVE, "Cheapest option.", "carl");

        // a recusal by declaration
        raise(cid, "demo-12", IssueType.CONFLICT, "Re-consent wording after protocol amendment 3",
              IssueCategory.ETHICS, Severity.HIGH, Set.of("patients", "helios"), "pat");
        commands.sendAndWait(new AcknowledgeIssue("demo-12", "sid"));
        commands.sendAndWait(new CommentOnIssue("demo-12", "demo-12-c1",
                "The ethics committee asked for a shorter summary of changes.", "sid"));
        commands.sendAndWait(new DeclareConflictOfInterest("demo-12",
                "I sit on the patient panel that drafted the wording.", "sid"));

        // a duplicate closed without a vote by the working group's chair, signed
        raise(cid, "demo-13", IssueType.ISSUE, "Open eCRF queries piling up at Lyon",
              IssueCategory.DATA_QUALITY, Severity.MEDIUM, Set.of("site101"), "sid");
        commands.sendAndWait(new DismissIssue("demo-13", Dismissal.DUPLICATE, "demo-1", "Same backlog as demo-1.",
                "carl", signatures.signWithPassword("carl", credentials.get("carl"),
                        SignatureMeaning.CLOSED_WITHOUT_VOTE)));

        // a serious breach whose 7-day notification clock runs
        raise(cid, "demo-14", IssueType.ISSUE, "Two patients dosed with expired IMP at site 204",
              IssueCategory.PROTOCOL_DEVIATION, Severity.HIGH, Set.of("site204"), "sid");
        commands.sendAndWait(new FlagSeriousBreach("demo-14",
                "Likely to affect the safety of the two participants (EU CTR Art. 52).", "carl"));
    }

    private void analyse(String issueId, String rootCause, String impact, RiskLevel risk, String by) {
        commands.sendAndWait(new RecordRootCause(issueId, RootCauseMethod.FIVE_WHYS, rootCause, null, by));
        commands.sendAndWait(new AssessImpact(issueId, impact, risk, null, by));
    }

    private void check(String issueId, boolean effective, String findings, String username) {
        commands.sendAndWait(new RecordEffectivenessCheck(issueId, effective, findings, username,
                signatures.signWithPassword(username, credentials.get(username),
                        RecordEffectivenessCheck.meaningOf(effective))));
    }

    private static GovernanceTier tier(String name, List<String> members, String chair, int acknowledgeDays,
                                       int resolveDays, DecisionRule rule) {
        return new GovernanceTier(name, members, chair, Duration.ofDays(acknowledgeDays), Duration.ofDays(resolveDays),
                rule);
    }

    /** Signed as over HTTP: the demo user's password is checked again and the signature made from it. */
    private void vote(String issueId, String proposalId, VoteChoice vote, String comment, String username) {
        commands.sendAndWait(new CastVote(issueId, proposalId, vote, comment, username, signatures.signWithPassword(
                username, credentials.get(username), CastVote.meaningOf(vote))));
    }

    private void close(String issueId, String note, String username) {
        commands.sendAndWait(new CloseIssue(issueId, note, username, signatures.signWithPassword(
                username, credentials.get(username), SignatureMeaning.CLOSED_AS_EFFECTIVE)));
    }

    private void party(String cid, String partyId, String name, PartyRole role) {
        commands.sendAndWait(new RegisterParty(cid, partyId, name, role, "cora"));
    }

    private void member(String cid, String username, String partyId, MemberRole role) {
        commands.sendAndWait(new AddMember(cid, username, partyId, Set.of(role), "cora"));
    }

    private void raise(String cid, String issueId, IssueType type, String title, IssueCategory category,
                       Severity severity, Set<String> parties, String raiser) {
        commands.sendAndWait(new RaiseIssue(cid, issueId, type, title, title + ".", category, severity, parties, raiser));
    }
}
