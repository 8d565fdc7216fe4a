package dev.vigil.common.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** The field is null or a plain email address ({@link Mailboxes}). */
@Documented
@Constraint(validatedBy = Mailbox.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Mailbox {

    String message() default Mailboxes.MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link Mailbox}. */
    class Validator implements ConstraintValidator<Mailbox, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Mailboxes.isValid(value);
        }
    }
}
