package dev.vigil.auth;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Optional body of {@code POST /api/v1/auth/logout-all}.
 *
 * @param includeApiKeys the user's API keys end too (default false: a script's key is not a login)
 */
public record LogoutAllRequest(Boolean includeApiKeys) {

    private static final LogoutAllRequest NONE = new LogoutAllRequest(null);

    /**
     * Reads the body when there is one. The endpoint is called without a body more often than with one, so it
     * takes any content type and insists on JSON only when something was sent.
     */
    static LogoutAllRequest read(ObjectMapper json, String contentType, String body) {
        if (body == null || body.isBlank()) {
            return NONE;
        }
        if (contentType == null || !MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new NotSupportedException("Send the body as application/json");
        }
        try {
            LogoutAllRequest request = json.readValue(body, LogoutAllRequest.class);
            return request == null ? NONE : request;
        } catch (JsonProcessingException unreadable) {
            // Answered like a body the JSON reader could not read: 400 naming the field or the syntax error.
            throw new BadRequestException(unreadable);
        }
    }

    boolean apiKeysToo() {
        return Boolean.TRUE.equals(includeApiKeys);
    }
}
