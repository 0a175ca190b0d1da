package org.concordia.infra.api.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.PageResponse;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.webhook.EventTypeCatalog;
import org.concordia.infra.integration.webhook.OutboundUrlPolicy;
import org.concordia.infra.integration.webhook.SecretCipher;
import org.concordia.infra.integration.webhook.WebhookDeliveryEngine;
import org.concordia.infra.integration.webhook.WebhookSignature;
import org.concordia.infra.integration.webhook.WebhookStore.Attempt;
import org.concordia.infra.integration.webhook.WebhookStore.Delivery;
import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.concordia.infra.integration.webhook.WebhookStore;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.Idempotency;
import org.concordia.infra.web.NotFound;
import org.concordia.infra.web.ProblemResponses;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Webhook subscriptions of a collaboration. They are managed by the collaboration's COORDINATORs and by
 * administrators; anyone else gets 404 for a subscription (and for a collaboration they do not belong to), and a
 * member who is not a coordinator gets 403 when subscribing. The secret is shown once, in the creation response.
 */
@Tag(name = "Webhooks",
     description = "Signed HTTP deliveries of events (Standard Webhooks), with a delivery log and redelivery")
@RestController
@Validated
@RequestMapping(path = "/api/v1/webhooks", produces = "application/json")
class WebhookController {

    static final int MAX_EVENT_TYPES = 64;

    record CreateWebhookRequest(String url, List<String> eventTypes, String collaborationId) {
    }

    record CreatedWebhook(String id, String secret, String url, List<String> eventTypes, String collaborationId,
                          String state, Instant createdAt) {
    }

    record WebhookView(String id, String url, List<String> eventTypes, String collaborationId, String createdBy,
                       Instant createdAt, String state, String disabledReason, Instant disabledAt,
                       long lastFeedPosition, long deliveries, long waiting) {
        static WebhookView of(Subscription s) {
            return new WebhookView(s.id(), s.url(), s.eventTypes(), s.collaborationId(), s.createdBy(),
                                   s.createdAt(), s.state(), s.disabledReason(), s.disabledAt(), s.cursor(),
                                   s.createdSeq(), s.createdSeq() - s.doneSeq());
        }
    }

    record AttemptView(Instant at, Integer statusCode, String error, long durationMs, boolean manual) {
        static AttemptView of(Attempt a) {
            return new AttemptView(a.at(), a.statusCode(), a.error(), a.durationMs(), a.manual());
        }
    }

    record DeliveryView(String id, long seq, long position, String eventId, String eventType, String state,
                        int attemptCount, List<AttemptView> attempts, Instant nextAttemptAt, Instant createdAt,
                        Instant finishedAt) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.seq(), d.position(), d.eventId(), d.eventType(), d.state(),
                                    d.attempts().size(), d.attempts().stream().map(AttemptView::of).toList(),
                                    d.nextAttemptAt(), d.createdAt(), d.finishedAt());
        }
    }

    record FieldError(String field, String message) {
    }

    static final class InvalidWebhook extends RuntimeException {
        final List<FieldError> errors;

        InvalidWebhook(List<FieldError> errors) {
            super(null, null, false, false);
            this.errors = errors;
        }
    }

    static final class RuleViolated extends RuntimeException {
        final String rule;

        RuleViolated(String rule, String detail) {
            super(detail, null, false, false);
            this.rule = rule;
        }
    }

    private final WebhookStore store;
    private final ApiSupport api;
    private final OutboundUrlPolicy urlPolicy;
    private final SecretCipher cipher;
    private final ObjectProvider<EventFeed> feed;
    private final CommitLog eventStore;
    private final WebhookDeliveryEngine engine;
    private final Clock clock = Clock.systemUTC();

    WebhookController(WebhookStore store, ApiSupport api, OutboundUrlPolicy urlPolicy, SecretCipher cipher,
                      ObjectProvider<EventFeed> feed, CommitLog eventStore, WebhookDeliveryEngine engine) {
        this.store = store;
        this.api = api;
        this.urlPolicy = urlPolicy;
        this.cipher = cipher;
        this.feed = feed;
        this.eventStore = eventStore;
        this.engine = engine;
    }

    @Operation(summary = "Subscribe a webhook (the signing secret is returned once)")
    @PostMapping(consumes = "application/json")
    ResponseEntity<CreatedWebhook> create(@RequestBody CreateWebhookRequest body, Authentication caller,
                                          HttpServletRequest request) {
        if (body.collaborationId() == null || body.collaborationId().isBlank()) {
            throw new InvalidWebhook(List.of(new FieldError("collaborationId", "must not be empty")));
        }
        requireCoordinator(caller, body.collaborationId()); // 404 / 403 before anything about the rest is said
        List<String> eventTypes = body.eventTypes() == null ? List.of() : body.eventTypes();
        List<FieldError> errors = new ArrayList<>();
        urlPolicy.refusal(body.url()).ifPresent(reason -> errors.add(new FieldError("url", reason)));
        errors.addAll(eventTypeErrors(eventTypes));
        if (!errors.isEmpty()) {
            throw new InvalidWebhook(errors);
        }
        String id = UUID.randomUUID().toString();
        String secret = WebhookSignature.newSecret();
        EventFeed events = feed.getIfAvailable();
        // from the feed's head on, but the feed trails the store: what the store held by now is not delivered
        long storeHead = eventStore.headPosition();
        Subscription subscription = new Subscription(
                id, body.url(), List.copyOf(eventTypes), body.collaborationId(), caller.getName(), clock.instant(),
                WebhookStore.ACTIVE, null, null, events == null ? 0 : events.head(), storeHead, 0, 0, List.of(), null,
                cipher.encrypt(secret, id));
        store.insert(subscription);
        Idempotency.doNotKeepResponse(request);
        // the secret is shown once: kept by no cache, nor by the Idempotency-Key store
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + id))
                             .cacheControl(CacheControl.noStore())
                             .body(new CreatedWebhook(id, secret, subscription.url(), subscription.eventTypes(),
                                                      subscription.collaborationId(), subscription.state(),
                                                      subscription.createdAt()));
    }

    @Operation(summary = "The webhooks you manage")
    @GetMapping
    PageResponse<WebhookView> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                                   @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                                   Authentication caller) {
        Map<String, Boolean> manages = new HashMap<>();
        List<WebhookView> visible = store.all().stream()
                .filter(s -> manages.computeIfAbsent(s.collaborationId(), cid -> mayManage(caller, cid)))
                .map(WebhookView::of)
                .toList();
        return PageResponse.of(visible, page, size);
    }

    @Operation(summary = "One webhook subscription")
    @GetMapping("/{id}")
    WebhookView one(@PathVariable String id, Authentication caller) {
        return WebhookView.of(requireManageable(caller, id));
    }

    @Operation(summary = "Delete a webhook subscription")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, Authentication caller) {
        requireManageable(caller, id);
        store.delete(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "A webhook's delivery log, newest first")
    @GetMapping("/{id}/deliveries")
    PageResponse<DeliveryView> deliveries(@PathVariable String id,
                                          @RequestParam(defaultValue = "0") @Min(0) int page,
                                          @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                                          Authentication caller) {
        Subscription s = requireManageable(caller, id);
        List<DeliveryView> items = store.deliveries(s, page, size).stream().map(DeliveryView::of).toList();
        return new PageResponse<>(items, page, size, s.createdSeq());
    }

    @Operation(summary = "One delivery, with its attempts")
    @GetMapping("/{id}/deliveries/{deliveryId}")
    DeliveryView delivery(@PathVariable String id, @PathVariable String deliveryId, Authentication caller) {
        Subscription s = requireManageable(caller, id);
        return DeliveryView.of(requireDelivery(s, deliveryId));
    }

    @Operation(summary = "Deliver a dead-lettered delivery again")
    @PostMapping("/{id}/deliveries/{deliveryId}/retry")
    ResponseEntity<DeliveryView> retry(@PathVariable String id, @PathVariable String deliveryId,
                                       Authentication caller) {
        Subscription s = requireManageable(caller, id);
        Delivery d = requireDelivery(s, deliveryId);
        if (!s.active()) {
            throw new RuleViolated("WEBHOOK_DISABLED", "The subscription is disabled (" + s.disabledReason()
                                                       + "); register the endpoint again to resume.");
        }
        if (!WebhookStore.DEAD_LETTER.equals(d.state())) {
            throw new RuleViolated("DELIVERY_NOT_DEAD_LETTERED",
                                   "Only a dead-lettered delivery can be retried by hand; this one is " + d.state()
                                   + ".");
        }
        store.requestRetry(s, d);
        engine.nudge(s.id());
        return ResponseEntity.accepted().body(DeliveryView.of(store.delivery(d.id()).orElseThrow(NotFound::new)));
    }

    @ExceptionHandler(InvalidWebhook.class)
    ResponseEntity<ProblemDetail> invalid(InvalidWebhook e) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                e.errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")));
        problem.setProperty("errors", e.errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(RuleViolated.class)
    ResponseEntity<ProblemDetail> conflict(RuleViolated e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONFLICT, e.rule, e.rule, e.getMessage());
        problem.setProperty("rule", e.rule);
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    private static List<FieldError> eventTypeErrors(List<String> eventTypes) {
        List<FieldError> errors = new ArrayList<>();
        if (eventTypes.size() > MAX_EVENT_TYPES) {
            errors.add(new FieldError("eventTypes", "at most " + MAX_EVENT_TYPES + " types"));
            return errors;
        }
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < eventTypes.size(); i++) {
            String type = eventTypes.get(i);
            if (type == null || !EventTypeCatalog.isKnown(type)) {
                errors.add(new FieldError("eventTypes[" + i + "]", "unknown event type; expected one of "
                                                                   + EventTypeCatalog.known()));
            } else if (!seen.add(type)) {
                errors.add(new FieldError("eventTypes[" + i + "]", "listed twice"));
            }
        }
        return errors;
    }

    private Delivery requireDelivery(Subscription s, String deliveryId) {
        if (!deliveryId.startsWith(s.id() + ".")) {
            throw new NotFound();
        }
        return store.delivery(deliveryId).orElseThrow(NotFound::new);
    }

    private Subscription requireManageable(Authentication caller, String id) {
        return store.find(id).filter(s -> mayManage(caller, s.collaborationId())).orElseThrow(NotFound::new);
    }

    private void requireCoordinator(Authentication caller, String collaborationId) {
        Optional<CollaborationView> view = api.findCollaboration(collaborationId);
        if (view.isEmpty()) {
            throw new NotFound();
        }
        if (isAdmin(caller)) {
            return;
        }
        CollaborationView.Member member = view.get().activeMember(caller.getName()).orElseThrow(NotFound::new);
        if (!member.roles().contains(MemberRole.COORDINATOR)) {
            throw new AccessDeniedException("only the collaboration's coordinators manage its webhooks");
        }
    }

    private boolean mayManage(Authentication caller, String collaborationId) {
        if (isAdmin(caller)) {
            return true;
        }
        return api.findCollaboration(collaborationId)
                  .flatMap(view -> view.activeMember(caller.getName()))
                  .map(member -> member.roles().contains(MemberRole.COORDINATOR))
                  .orElse(false);
    }

    private static boolean isAdmin(Authentication caller) {
        return caller.getAuthorities().stream()
                     .anyMatch(a -> a.getAuthority().equals("ROLE_" + UserAccounts.ADMIN_ROLE));
    }
}
