package org.concordia.infra.integration.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

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
}
