package org.concordia.infra.integration.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Where webhooks may be sent (SSRF protection): http(s) URLs with a host whose every resolved address is public.
 * Refused unless the operator allows private networks: loopback, wildcard, link-local (cloud metadata at
 * 169.254.169.254), site-local/private (10/8, 172.16/12, 192.168/16), unique-local IPv6 (fc00::/7), multicast,
 * carrier-grade NAT (100.64/10), other reserved IPv4 ranges, documentation and benchmarking ranges, and every IPv6
 * form that embeds or translates an IPv4 address (IPv4-compatible, IPv4-mapped, NAT64, 6to4, Teredo). Ports must be
 * 1 to 65535 in any case. Checked at registration and again before every
 * attempt, so a name re-pointed at an internal address (DNS rebinding) is refused then; the HTTP client connects
 * moments later through the JVM's address cache, which holds the addresses just checked.
 */
public final class OutboundUrlPolicy {

    /** A resolver, replaceable in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivateNetworks;
    private final Resolver resolver;

    public OutboundUrlPolicy(boolean allowPrivateNetworks) {
        this(allowPrivateNetworks, InetAddress::getAllByName);
    }

    public OutboundUrlPolicy(boolean allowPrivateNetworks, Resolver resolver) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.resolver = resolver;
    }

    /** Why this URL may not be called, or empty when it may. The reason is safe to show to the subscriber. */
    public Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must not be empty");
        }
        if (url.length() > 2048) {
            return Optional.of("must be at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        if (uri.getFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65_535)) {
            return Optional.of("must have a port from 1 to 65535");
        }
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        boolean ipv6Literal = host.startsWith("[");
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(ipv6Literal ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (ipv6Literal && address instanceof Inet4Address) { // [::ffff:a.b.c.d]: Java hands back a.b.c.d
                return Optional.of("host " + host + " is an IPv4-mapped IPv6 address, which is not allowed");
            }
            Optional<String> kind = nonPublic(address);
            if (kind.isPresent()) {
                return Optional.of("host " + host + " resolves to a " + kind.get() + " address, which is not allowed");
            }
        }
        return Optional.empty();
    }

    /** The kind of a non-public address, or empty for a public one. */
    static Optional<String> nonPublic(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return Optional.of("wildcard");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        String literal = address.getHostAddress();
        for (Range range : REFUSED_RANGES) {
            if (range.matcher().matches(literal)) {
                return Optional.of(range.kind());
            }
        }
        return Optional.empty();
    }

    /** A block of special-purpose addresses (IANA registries, RFC 6890) and what to call it in a refusal. */
    private record Range(IpAddressMatcher matcher, String kind) {
        Range(String cidr, String kind) {
            this(new IpAddressMatcher(cidr), kind);
        }
    }

    /**
     * Refused beyond the kinds {@link InetAddress} tells apart. The IPv6 forms that embed or translate an IPv4
     * address are refused outright rather than judged by the address inside: the translator or relay that would
     * carry the request decides where it goes (and IPv4-mapped literals, which Java reads as plain IPv4, are caught
     * on the URL itself). Documentation and benchmarking ranges are never a real endpoint.
     */
    private static final List<Range> REFUSED_RANGES = List.of(
            new Range("0.0.0.0/8", "\"this network\""),
            new Range("100.64.0.0/10", "carrier-grade NAT"),
            new Range("192.0.0.0/24", "IETF protocol assignment"),
            new Range("192.88.99.0/24", "6to4 relay"),
            new Range("240.0.0.0/4", "reserved"),
            new Range("192.0.2.0/24", "documentation"),
            new Range("198.51.100.0/24", "documentation"),
            new Range("203.0.113.0/24", "documentation"),
            new Range("198.18.0.0/15", "benchmarking"),
            new Range("::/96", "IPv4-compatible IPv6"),
            new Range("64:ff9b::/96", "NAT64 (IPv4-translating)"),
            new Range("64:ff9b:1::/48", "NAT64 (IPv4-translating)"),
            new Range("2002::/16", "6to4 (IPv4-embedding)"),
            new Range("2001::/32", "Teredo (IPv4-embedding)"),
            new Range("2001:db8::/32", "documentation"),
            new Range("3fff::/20", "documentation"),
            new Range("2001:2::/48", "benchmarking"),
            new Range("100::/64", "discard-only"),
            new Range("fc00::/7", "unique-local"));
}
