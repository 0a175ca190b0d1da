package org.concordia.infra.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/** The OpenAPI document: every endpoint, with the problem+json errors the contract promises on each. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    private static final Map<String, String> ERRORS = Map.of(
            "400", "Malformed or invalid input; `errors` names each field and rule. Nothing was recorded.",
            "401", "Not authenticated (no, wrong, revoked or expired credentials, or a disabled account); or, "
                   + "signing with a bearer token whose login is too old: log in again "
                   + "(`WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=…`, RFC 9470).",
            "403", "Authenticated, but not allowed: administrator endpoints; an API token of scope READ writing; a "
                   + "member whose roles or relation to the matter do not allow the act (`rule` names it, e.g. "
                   + "READ_ONLY_ROLE, NOT_A_TIER_MEMBER); a cross-site write; or the password re-entered to sign "
                   + "(`signature.password`) is wrong. Nothing was recorded.",
            "404", "Unknown, or in a collaboration the caller does not belong to.",
            "409", "Refused by a rule of the current state; `rule` names it (e.g. VOTER_RECUSED). Nothing was recorded.",
            "412", "`If-Match` names a version that is no longer current. Nothing was recorded.",
            "429", "Rate limited (per credential), sign-in locked after repeated failed sign-ins of the account or "
                   + "from the address, or signing locked after repeated wrong signature passwords; see `Retry-After`.");

    /** RFC 9457 problem details as this API writes them; {@code rule} and {@code errors} are its extensions. */
    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An error (RFC 9457 problem details, `application/problem+json`). Nothing was recorded.")
                .addProperty("type", new StringSchema().description("a URI naming the kind of problem")
                                                       .example("about:blank"))
                .addProperty("title", new StringSchema().description("a short summary of the kind of problem")
                                                        .example("Rule refused"))
                .addProperty("status", new IntegerSchema().description("the HTTP status code").example(409))
                .addProperty("detail", new StringSchema().description("what went wrong with this request")
                                                         .example("A member of an involved party is recused from "
                                                                  + "voting on this conflict."))
                .addProperty("instance", new StringSchema().description("the request path"))
                .addProperty("rule", new StringSchema().description("the domain rule refused (403, 409)")
                                                       .example("VOTER_RECUSED"))
                .addProperty("errors", new ArraySchema()
                        .description("400 only: each invalid field and the rule it breaks")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().example("title"))
                                .addProperty("message", new StringSchema().example("must not be blank"))));
    }

    @Bean
    OpenAPI concordiaOpenApi(@Value("${concordia.api.licence-name:Proprietary}") String licenceName,
                             @Value("${concordia.api.licence-identifier:LicenseRef-Proprietary}")
                             String licenceIdentifier,
                             @Value("${concordia.api.licence-url:}") String licenceUrl,
                             @Value("${concordia.api.contact-name:Concordia maintainers}") String contactName,
                             @Value("${concordia.api.contact-url:}") String contactUrl,
                             @Value("${concordia.api.contact-email:}") String contactEmail) {
        return new OpenAPI()
                .info(new Info().title("Concordia API").version("v1")
                                .description("Issues and conflicts between the stakeholders of multi-party "
                                             + "collaborations. Every call needs credentials (HTTP Basic, an API "
                                             + "token or an OIDC bearer token) except the published contract; "
                                             + "errors are `application/problem+json`; commands answer with the "
                                             + "new version (`ETag`) and take `If-Match` and `Idempotency-Key`.")
                                .license(licence(licenceName, licenceIdentifier, licenceUrl))
                                .contact(new Contact().name(contactName).url(blankToNull(contactUrl))
                                                      .email(blankToNull(contactEmail))))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A user of the built-in store (username and password)"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("An OIDC access token from the configured issuer (concordia.oidc.issuer)"))
                        .addSecuritySchemes("apiToken", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("cct_…")
                                .description("An API token (`Authorization: Bearer cct_…`) created with "
                                             + "POST /api/v1/me/tokens: acts as its owner; scope READ allows only "
                                             + "GET and HEAD (403 otherwise); revoked or expired: 401")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("apiToken"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /**
     * The problem+json errors on every operation, and the schema they refer to. The schema is added here, with the
     * references: springdoc drops the components of the {@link OpenAPI} bean that no scanned operation refers to
     * before customizers run, so a schema declared there alone would be missing from the document.
     */
    @Bean
    OpenApiCustomizer problemResponsesOnEveryOperation() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                    ERRORS.forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                            new ApiResponse().description(description).content(new Content().addMediaType(
                                    "application/problem+json",
                                    new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))))))));
        };
    }

    /** OpenAPI 3.1: a licence has either an SPDX expression or a URL, not both; the URL when one is configured. */
    private static License licence(String name, String spdxIdentifier, String url) {
        License licence = new License().name(name);
        return url.isBlank() ? licence.identifier(spdxIdentifier) : licence.url(url);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
