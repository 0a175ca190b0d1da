package org.concordia.infra.integration.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundUrlPolicyTest {

    private final OutboundUrlPolicy strict = new OutboundUrlPolicy(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://10.1.2.3/hook",
                            "http://172.16.0.1/hook", "http://192.168.1.1/hook", "http://169.254.169.254/latest",
                            "http://[::1]/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook",
                            "http://0.0.0.0/hook", "http://224.0.0.1/hook", "http://100.64.0.1/hook",
                            "http://[::ffff:127.0.0.1]/hook", "http://[::]/hook"})
    void refusesNonPublicAddressesByDefault(String url) {
        assertThat(strict.refusal(url)).hasValueSatisfying(reason -> assertThat(reason).contains("not allowed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org/hook", "file:///etc/passwd", "gopher://example.org/", "mailto:a@b.c",
                            "http:///no-host", "http:no-host", "not a url", "", "https://user:pw@example.org/"})
    void refusesWhatIsNotAnHttpUrlWithAHost(String url) {
        assertThat(strict.refusal(url)).isPresent();
        assertThat(new OutboundUrlPolicy(true).refusal(url)).isPresent();
    }

    @Test
    void allowsPublicAddresses() {
        assertThat(strict.refusal("https://93.184.216.34/hook")).isEmpty();
        assertThat(strict.refusal("http://[2606:2800:220:1:248:1893:25c8:1946]:8443/hook")).isEmpty();
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        OutboundUrlPolicy rebinding = new OutboundUrlPolicy(false, host -> new InetAddress[]{
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")});
        assertThat(rebinding.refusal("https://hooks.example.org/x")).hasValueSatisfying(
                reason -> assertThat(reason).contains("private"));
        OutboundUrlPolicy publicOnly = new OutboundUrlPolicy(false, host -> new InetAddress[]{
                InetAddress.getByName("93.184.216.34")});
        assertThat(publicOnly.refusal("https://hooks.example.org/x")).isEmpty();
    }

    @Test
    void theOperatorMayAllowPrivateNetworks() {
        OutboundUrlPolicy lenient = new OutboundUrlPolicy(true);
        assertThat(lenient.refusal("http://127.0.0.1:9000/hook")).isEmpty();
        assertThat(lenient.refusal("http://10.1.2.3/hook")).isEmpty();
    }

    /** Pure function of the URL (and of a stub resolver): nothing is sent, no name is looked up. */
    @ParameterizedTest
    @CsvSource({
            "http://[::8.8.8.8]/hook,                    IPv4-compatible IPv6",
            "http://[::ffff:8.8.8.8]/hook,               IPv4-mapped IPv6",
            "http://[::ffff:7f00:1]/hook,                IPv4-mapped IPv6",
            "http://[64:ff9b::8.8.8.8]/hook,             NAT64",
            "http://[64:ff9b::a9fe:a9fe]/hook,           NAT64",
            "http://[64:ff9b:1::808:808]/hook,           NAT64",
            "http://[2002:808:808::1]/hook,              6to4",
            "http://[2002:7f00:1::]/hook,                6to4",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook, Teredo",
            "http://192.0.2.10/hook,                     documentation",
            "http://198.51.100.7:8443/hook,              documentation",
            "https://203.0.113.250/hook,                 documentation",
            "http://[2001:db8::1]/hook,                  documentation",
            "http://[3fff::1]/hook,                      documentation",
            "http://[3fff:fff:ffff::1]/hook,             documentation",
            "http://198.18.0.1/hook,                     benchmarking",
            "http://198.19.255.254/hook,                 benchmarking",
            "http://[2001:2::1]/hook,                    benchmarking",
            "http://[100::1]/hook,                       discard-only",
            "http://192.88.99.1/hook,                    6to4 relay"})
    void refusesIpv6FormsCarryingIpv4AndDocumentationAndBenchmarkingRanges(String url, String kind) {
        assertThat(strict.refusal(url)).hasValueSatisfying(
                reason -> assertThat(reason).contains(kind).contains("not allowed"));
    }

    @Test
    void aNameResolvingToAnIpv4TranslatingAddressIsRefusedToo() {
        for (String address : List.of("64:ff9b::a00:1", "2002:a00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                                      "2001:db8:1::1", "198.51.100.1")) {
            OutboundUrlPolicy resolvingTo = new OutboundUrlPolicy(false, host -> new InetAddress[]{
                    InetAddress.getByName("93.184.216.34"), InetAddress.getByName(address)});
            assertThat(resolvingTo.refusal("https://hooks.example.org/x")).as(address).isPresent();
        }
    }

    @Test
    void neighboursOfTheRefusedRangesArePublic() {
        for (String url : List.of("http://192.0.3.1/hook", "http://198.51.101.1/hook", "http://203.0.114.1/hook",
                                  "http://198.20.0.1/hook", "http://198.17.255.255/hook", "http://[2001:db9::1]/hook",
                                  "http://[2001:4860::8888]/hook", "http://[2003::1]/hook",
                                  "http://[64:ff9c::1]/hook", "http://[3fff:1000::1]/hook")) {
            assertThat(strict.refusal(url)).as(url).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34:0/hook", "http://93.184.216.34:65536/hook",
                            "https://93.184.216.34:70000/hook", "http://93.184.216.34:99999999999/hook",
                            "http://127.0.0.1:0/hook"})
    void refusesPortsOutside1To65535EvenWhenPrivateNetworksAreAllowed(String url) {
        assertThat(strict.refusal(url)).as(url).isPresent();
        assertThat(new OutboundUrlPolicy(true).refusal(url)).as(url).isPresent();
    }

    @Test
    void acceptsEveryPortFrom1To65535() {
        for (String url : List.of("http://93.184.216.34:1/hook", "http://93.184.216.34:65535/hook",
                                  "https://93.184.216.34/hook")) {
            assertThat(strict.refusal(url)).as(url).isEmpty();
        }
    }
}
