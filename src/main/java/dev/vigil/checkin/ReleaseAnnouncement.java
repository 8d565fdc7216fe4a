package dev.vigil.checkin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.vigil.user.UserContact;

/** The release webhook's body, built in one place for the release and for the test release's preview. */
final class ReleaseAnnouncement {

    static final String TYPE = "account.released";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReleaseAnnouncement() {
    }

    /** What the webhook's {@code data} and the admin announcement carry. */
    static Map<String, Object> data(UserContact user, UUID accountId, CheckIn checkIn, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", checkIn.userId.toString());
        data.put("username", user == null ? null : user.username());
        data.put("account_id", accountId == null ? null : accountId.toString());
        data.put("released_at", now.toString());
        data.put("last_check_in_at", checkIn.lastCheckInAt == null ? null : checkIn.lastCheckInAt.toString());
        return data;
    }

    /** The release webhook's whole body. */
    static Map<String, Object> body(UserContact user, UUID accountId, CheckIn checkIn, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("timestamp", now.toString());
        body.put("data", data(user, accountId, checkIn, now));
        return body;
    }

    /** The body as the webhook would receive it, indented for reading. */
    static String preview(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }
}
