package org.concordia.infra.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/** The OpenAPI document: every endpoint, with the problem+json errors the contract promises on each. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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

    @Bean
    OpenAPI concordiaOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("rule", new StringSchema().description("the domain rule refused (403, 409)"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())));
        return new OpenAPI()
                .info(new Info().title("Concordia API").version("v1")
                                .description("Issues and conflicts between the stakeholders of multi-party collaborations."))
                .components(new Components()
                        .addSchemas("Problem", problem)
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
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

    @Bean
    OpenApiCustomizer problemResponsesOnEveryOperation() {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                ERRORS.forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                        new ApiResponse().description(description).content(new Content().addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))))))));
    }
}
