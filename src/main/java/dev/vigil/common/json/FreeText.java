package dev.vigil.common.json;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a request field as free text that a person writes (a message, a reason), where tab, CR and
 * LF are allowed. Every other request string refuses all control characters; see
 * {@link ControlCharacters}.
 *
 * <p>On a property of a request DTO (a record component) it applies to that property. On a body
 * parameter that is read as a JSON tree ({@code JsonNode}), {@link #members()} lists the paths of the
 * free-text members instead, as the client spells them ({@code account.cancellation_reason}).
 */
@Documented
@Retention(RUNTIME)
@Target({ FIELD, METHOD, PARAMETER })
public @interface FreeText {

    /** For a JSON tree body only: the dotted paths of its free-text members. */
    String[] members() default {};
}
