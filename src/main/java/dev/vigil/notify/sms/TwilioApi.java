package dev.vigil.notify.sms;

import java.io.Closeable;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * The one call of Twilio's Messages API that Vigil makes. Built by {@link TwilioSmsSender} with the
 * configured base URL; the default exception mapper is off, so every status arrives as a response.
 */
@Path("/2010-04-01/Accounts/{accountSid}/Messages.json")
public interface TwilioApi extends Closeable {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createMessage(
            @PathParam("accountSid") String accountSid,
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("I-Twilio-Idempotency-Token") String idempotencyToken,
            @FormParam("To") String to,
            @FormParam("From") String from,
            @FormParam("Body") String body);
}
