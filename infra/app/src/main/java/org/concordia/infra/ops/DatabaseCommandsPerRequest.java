package org.concordia.infra.ops;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;

/**
 * {@code concordia_http_server_requests_db_commands{method, uri}}: how many MongoDB commands one HTTP request
 * issued on its own thread, by route (the same {@code uri} template as {@code http_server_requests_seconds}),
 * sign-in and session look-ups included. A page or endpoint whose count grows with the data is the first thing to
 * find when it slows down; the page-speed benchmark reads it, and a test holds every workspace page to a handful.
 * The synchronous driver calls a {@link CommandListener} on the thread that runs the command, so a thread-local
 * count attributes each command to its request without touching the code that reads.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class DatabaseCommandsPerRequest extends OncePerRequestFilter implements CommandListener {

    static final String NAME = "concordia.http.server.requests.db.commands";

    private static final ThreadLocal<int[]> COMMANDS = new ThreadLocal<>();

    private final MeterRegistry registry;

    DatabaseCommandsPerRequest(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        int[] commands = COMMANDS.get();
        if (commands != null) {
            commands[0]++;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int[] commands = new int[1];
        COMMANDS.set(commands);
        try {
            chain.doFilter(request, response);
        } finally {
            COMMANDS.remove();
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            DistributionSummary.builder(NAME).description("MongoDB commands issued by one HTTP request")
                               .tag("method", request.getMethod())
                               .tag("uri", route == null ? "UNKNOWN" : route.toString())
                               .register(registry).record(commands[0]);
        }
    }
}
