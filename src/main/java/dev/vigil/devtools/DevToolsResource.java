package dev.vigil.devtools;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.vigil.common.http.RunsToCompletion;
import io.smallrye.mutiny.Uni;

/**
 * The dev-mode pages ({@code vigil.dev-tools.enabled}); 404 while it is off. They are no part of the
 * API, so the OpenAPI document leaves them out. Their headers (a Content-Security-Policy that allows
 * no script, {@code Cache-Control: no-store}) are set in {@code application.properties}.
 */
@PermitAll
@Path("/dev")
@RunsToCompletion
@Produces(MediaType.TEXT_HTML)
public class DevToolsResource {

    private final DevPages pages;

    public DevToolsResource(DevPages pages) {
        this.pages = pages;
    }

    @GET
    @Operation(hidden = true)
    public Uni<RestResponse<String>> welcome() {
        return Uni.createFrom().item(pages::welcome)
                .map(DevToolsResource::html);
    }

    @GET
    @Path("mail")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> mail() {
        return Uni.createFrom().item(pages::mail)
                .map(DevToolsResource::html);
    }

    @GET
    @Path("magic-link")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> magicLink(@RestQuery String token) {
        return Uni.createFrom().item(() -> pages.magicLink(token))
                .map(DevToolsResource::html);
    }

    private static RestResponse<String> html(String page) {
        return RestResponse.ResponseBuilder.<String>ok(page)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .build();
    }
}
