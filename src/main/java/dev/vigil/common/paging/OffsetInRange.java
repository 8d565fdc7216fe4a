package dev.vigil.common.paging;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The rows a page skips ({@code page × size}) fit in a signed 32-bit number, the largest offset
 * the database layer takes; a larger one is reported on {@code page}.
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = OffsetInRange.Validator.class)
public @interface OffsetInRange {

    String message() default "is too large: page × size must not pass " + Integer.MAX_VALUE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link PageParams#offset()}, and names {@code page} when it is out of range. */
    class Validator implements ConstraintValidator<OffsetInRange, PageParams> {

        @Override
        public boolean isValid(PageParams params, ConstraintValidatorContext context) {
            if (params == null || params.offset() <= Integer.MAX_VALUE) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("page")
                    .addConstraintViolation();
            return false;
        }
    }
}
