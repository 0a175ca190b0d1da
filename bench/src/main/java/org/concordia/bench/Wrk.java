package org.concordia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs <a href="https://github.com/wg/wrk">wrk</a> with a generated Lua script (fixed headers, a method, a body, and
 * paths taken in turn) and reads its summary.
 */
final class Wrk {

    /** One wrk run: requests per second, latency percentiles (ms), and answers that were not 2xx/3xx. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long non2xx,
                  long socketErrors, String command) {
    }

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
                                                              Pattern.MULTILINE);

    private final String executable;
    private final Path scripts;

    Wrk(String executable, Path scripts) {
        this.executable = executable;
        this.scripts = scripts;
    }

    /**
     * @param paths   request paths, taken in turn (per wrk thread)
     * @param body    request body, or null
     * @param headers request headers (e.g. Authorization)
     */
    Result run(String baseUrl, String method, List<String> paths, String body, Map<String, String> headers,
               int connections, int seconds) throws IOException, InterruptedException {
        Path script = Files.createTempFile(scripts, "wrk-", ".lua");
        Files.writeString(script, lua(method, paths, body, headers), StandardCharsets.UTF_8);
        int threads = Math.min(connections, 2);
        List<String> command = List.of(executable, "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                                       "--timeout", "10s", "--latency", "-s", script.toString(), baseUrl + paths.get(0));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        Matcher rate = RATE.matcher(output);
        Matcher total = TOTAL.matcher(output);
        if (!rate.find() || !total.find()) {
            throw new IllegalStateException("unexpected wrk output: " + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double ms = toMillis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher socket = SOCKET.matcher(output);
        long socketErrors = 0;
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                socketErrors += Long.parseLong(socket.group(g));
            }
        }
        String shown = String.join(" ", command.subList(0, command.size() - 3)) + " -s <script> <url>";
        return new Result(Double.parseDouble(rate.group(1)), p50, p99, Long.parseLong(total.group(1)),
                          non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors, shown);
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    static String lua(String method, List<String> paths, String body, Map<String, String> headers) {
        StringBuilder lua = new StringBuilder("wrk.method = ").append(quote(method)).append('\n');
        headers.forEach((name, value) -> lua.append("wrk.headers[").append(quote(name)).append("] = ")
                                            .append(quote(value)).append('\n'));
        if (body != null) {
            lua.append("wrk.body = ").append(quote(body)).append('\n');
        }
        List<String> quoted = new ArrayList<>();
        paths.forEach(p -> quoted.add(quote(p)));
        lua.append("local paths = {").append(String.join(", ", quoted)).append("}\n")
           .append("local i = math.random(#paths)\n")
           .append("request = function()\n")
           .append("  i = i % #paths + 1\n")
           .append("  return wrk.format(nil, paths[i])\n")
           .append("end\n");
        return lua.toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "wrk(%s)", executable);
    }
}
