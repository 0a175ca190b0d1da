package org.concordia.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A benchmark's command line: {@code --name=value} options, and {@code --flag} alone for {@code true}. */
final class BenchOptions {

    private BenchOptions() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return options;
    }

    /** As {@link #parse(String[])}, refusing an option not in {@code known} (a typo would otherwise run the default). */
    static Map<String, String> parse(String[] args, Set<String> known) {
        Map<String, String> options = parse(args);
        options.keySet().stream().filter(name -> !name.isBlank() && !known.contains(name)).findFirst()
               .ifPresent(name -> {
                   throw new IllegalArgumentException("unknown argument --" + name);
               });
        return options;
    }
}
