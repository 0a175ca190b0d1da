package org.concordia.infra.integration.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A local webhook receiver that answers from a script (then 200), and records every request it got. */
public final class TestEndpoint implements AutoCloseable {

    public record Received(Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** One scripted answer. */
    public record Answer(int status, Map<String, String> headers, long delayMillis) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), 0);
        }

        public static Answer status(int status, String header, String value) {
            return new Answer(status, Map.of(header, value), 0);
        }

        public static Answer hang(long millis) {
            return new Answer(200, Map.of(), millis);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer otherwise = Answer.status(200);
    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** Requests answered 2xx, in arrival order. */
    public final List<Received> accepted = new CopyOnWriteArrayList<>();

    public TestEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public TestEndpoint then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public TestEndpoint otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received request = new Received(Map.copyOf(exchange.getRequestHeaders()), body);
        received.add(request);
        Answer answer = script.poll();
        if (answer == null) {
            answer = otherwise;
        }
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (answer.status() >= 200 && answer.status() < 300 && answer.delayMillis() == 0) {
            accepted.add(request);
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
