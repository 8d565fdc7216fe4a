package dev.vigil.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A request string that holds a control character it may not hold. Jackson adds the path of the
 * field as the failure travels up, so the problem names the field as the client spelled it.
 */
public final class ControlCharacterException extends MismatchedInputException {

    private final String fieldMessage;

    ControlCharacterException(JsonParser parser, boolean freeText) {
        super(parser, "String value " + ControlCharacters.message(freeText), String.class);
        this.fieldMessage = ControlCharacters.message(freeText);
    }

    /** The message for the field error: what the value must not contain. */
    public String fieldMessage() {
        return fieldMessage;
    }
}
