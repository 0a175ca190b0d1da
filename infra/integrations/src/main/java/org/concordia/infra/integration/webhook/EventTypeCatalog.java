package org.concordia.infra.integration.webhook;

import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CloudEvents types a subscription may filter on: {@code org.concordia.<EventName>.v<revision>} for every event
 * of the published language (the permitted types of the sealed event interfaces, with their {@code @Revision}).
 */
public final class EventTypeCatalog {

    private static final Set<String> KNOWN = Stream.of(CollaborationEvent.class, IssueEvent.class)
            .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
            .map(EventTypeCatalog::typeOf)
            .collect(Collectors.toCollection(TreeSet::new));

    private EventTypeCatalog() {
    }

    /** The same naming the feed uses ({@link CloudEventMapper#typeOf}). */
    public static String typeOf(Class<?> eventClass) {
        return CloudEventMapper.typeOf(eventClass);
    }

    public static Set<String> known() {
        return KNOWN;
    }

    public static boolean isKnown(String type) {
        return KNOWN.contains(type);
    }
}
