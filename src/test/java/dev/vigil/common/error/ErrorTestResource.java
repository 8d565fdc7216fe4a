package dev.vigil.common.error;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import dev.vigil.common.validation.Mailbox;

import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.security.Authenticated;

/** Test-only endpoints that fail in every way the error layer has to translate. */
@PermitAll
@Path("/test-errors")
public class ErrorTestResource {

    /** A feature-specific code, as a feature's {@code XError} enum would declare it. */
    enum TestError implements ErrorCode {
        ACCOUNT_LOCKED(423, "account-locked", "Account locked"),
        INVALID_CREDENTIALS(401, "invalid-credentials", "Invalid credentials");

        private final ProblemType problemType;

        TestError(int status, String slug, String title) {
            this.problemType = new ProblemType(status, slug, title);
        }

        @Override
        public ProblemType problemType() {
            return problemType;
        }
    }

    /** A request body shaped like Vigil's registration DTOs. */
    public record SampleRequest(
            @NotBlank @Mailbox String email,
            @NotBlank String displayName,
            @Min(0) Integer loginCount,
            Instant notBefore,
            @Valid Address homeAddress,
            List<@NotBlank String> nickNames) {
    }

    /** A nested body part, to check nested field paths. */
    public record Address(@NotBlank String postalCode) {
    }

    @GET
    @Path("/locked")
    public String locked() {
        throw new VigilException(TestError.ACCOUNT_LOCKED, "The account is locked")
                .with("locked_until", Instant.parse("2026-11-21T09:00:00Z"))
                .with("reason", null);
    }

    @GET
    @Path("/invalid-credentials")
    public String invalidCredentials() {
        throw new VigilException(TestError.INVALID_CREDENTIALS, "The login or the password is wrong");
    }

    @GET
    @Path("/invalid-field")
    public String invalidField() {
        throw VigilException.invalidField("new_password", "must not contain the username");
    }

    @POST
    @Path("/body")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SampleRequest body(@Valid @NotNull SampleRequest request) {
        return request;
    }

    @GET
    @Path("/query")
    public String query(@RestQuery @Min(1) @Max(100) int size, @QueryParam("sort_by") @NotBlank String sortBy) {
        return size + sortBy;
    }

    @GET
    @Path("/json-only")
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> jsonOnly() {
        return List.of("ok");
    }

    @GET
    @Path("/status/{status}")
    public String status(@PathParam("status") int status) {
        throw new WebApplicationException(status);
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret SQL text: select password_hash from users");
    }

    @GET
    @Path("/me")
    @Authenticated
    public String me() {
        return "me";
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public String admin() {
        return "admin";
    }
}
