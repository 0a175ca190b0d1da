package org.concordia.infra.workspace.live;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page that went away must not cost the other pages their signal: the poll sends to every page in turn, after
 * moving past the entries, so a send that throws would skip the pages after it (seen in LiveUpdatesBrowserTest:
 * the dashboard's stream, left when the browser opened an issue page, failed, and the issue page never redrew).
 */
class LiveUpdatesDeliveryTest {

    /** A stream whose connection has gone, as Tomcat reports it: sending fails, and so does completing it. */
    static final class GoneStream extends SseEmitter {
        @Override
        public void send(SseEventBuilder builder) throws IOException {
            throw new IOException("Broken pipe");
        }

        @Override
        public void completeWithError(Throwable ex) {
            throw new IllegalStateException("A non-container (application) thread attempted to use the AsyncContext "
                                            + "after an error had occurred");
        }
    }

    static final class OpenStream extends SseEmitter {
        final List<SseEventBuilder> sent = new ArrayList<>();

        @Override
        public void send(SseEventBuilder builder) {
            sent.add(builder);
        }
    }

    @Test
    void aStreamThatHasGoneIsReportedWithoutThrowingAndTheNextStillReceives() {
        OpenStream open = new OpenStream();

        boolean toGone = LiveUpdates.deliver(new GoneStream(), SseEmitter.event().name("changed").data(1));
        boolean toOpen = LiveUpdates.deliver(open, SseEmitter.event().name("changed").data(1));

        assertThat(toGone).isFalse();
        assertThat(toOpen).isTrue();
        assertThat(open.sent).hasSize(1);
    }

    @Test
    void aStreamThatIsAlreadyCompletedIsReportedAsGone() {
        SseEmitter completed = new SseEmitter();
        completed.complete();

        assertThat(LiveUpdates.deliver(completed, SseEmitter.event().comment("keep-alive"))).isFalse();
    }
}
