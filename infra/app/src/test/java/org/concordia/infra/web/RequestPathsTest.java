package org.concordia.infra.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTest {

    @Test
    void everySpellingThatAServerCouldRouteToTheApiCountsAsTheApi() {
        for (String path : new String[]{"/api/v1/x", "/%61pi/v1/x", "/API/v1/x", "/api;x=y/v1", "//api/v1",
                "/./api/v1", "/x/../api/v1", "/x/%2E%2E/api", "\\api\\v1", "/api%2Fv1", "/api", "/api/"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
            assertThat(RequestPaths.isApi(request)).as(path).isTrue();
        }
        for (String path : new String[]{"/", "/actuator/health", "/apis", "/v3/api-docs", "/%2561pi/v1"}) {
            assertThat(RequestPaths.isApi(new MockHttpServletRequest("GET", path))).as(path).isFalse();
        }
    }

    @Test
    void onlyCanonicalPathsPass() {
        for (String path : new String[]{"/", "/api/v1/collaborations", "/api/v1/users/J%C3%BCrgen",
                "/api/v1/x%20y", "/actuator/health"}) {
            assertThat(RequestPaths.refusal(path)).as(path).isEmpty();
        }
        for (String path : new String[]{"/%61pi/v1", "/api/v1/c%6fllaborations", "/api/%2E/v1", "/api%2Fv1",
                "/api%5Cv1", "/api%3Bv1", "/api/%25", "/api/%00", "/api;x=y/v1", "/api/v1;", "//api", "/api//v1",
                "/api/./v1", "/api/../v1", "/api/v1/.", "/api\\v1", "/api/%zz", "/api/%4", "api/v1", "/a b"}) {
            assertThat(RequestPaths.refusal(path)).as(path).isPresent();
        }
    }
}
