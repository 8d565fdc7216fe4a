package dev.vigil.common.error;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.RestQuery;

/**
 * Finds the query parameter that could not be converted to its Java type.
 *
 * <p>JAX-RS answers an unconvertible query parameter ({@code ?size=abc} for an {@code int}) with a 404,
 * as if the resource did not exist; Quarkus REST throws a {@code NotFoundException} whose cause is the
 * conversion failure, without naming the parameter. Vigil answers 400 {@code validation-failed} naming
 * it, so this re-checks each query parameter of the matched method with the conversions JAX-RS uses
 * (primitive parsing, {@code valueOf}, {@code fromString}, {@code parse}, a {@code String} constructor).
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The first query parameter of {@code method} whose value does not convert, as a field error. */
    static Optional<FieldError> firstUnconvertible(Method method, MultivaluedMap<String, String> query) {
        for (Parameter parameter : method.getParameters()) {
            Optional<FieldError> error = parameter.isAnnotationPresent(BeanParam.class)
                    ? firstUnconvertible(parameter.getType(), query)
                    : check(parameter, parameter.getName(), parameter.getParameterizedType(), query);
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> firstUnconvertible(Class<?> beanParam, MultivaluedMap<String, String> query) {
        for (Class<?> type = beanParam; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Optional<FieldError> error = check(field, field.getName(), field.getGenericType(), query);
                if (error.isPresent()) {
                    return error;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> check(AnnotatedElement element, String javaName, Type type,
            MultivaluedMap<String, String> query) {
        Optional<String> name = queryName(element, javaName);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = query.get(name.get());
        if (values == null) {
            return Optional.empty();
        }
        Class<?> valueType = valueType(type);
        for (String value : values) {
            if (!converts(valueType, value)) {
                return Optional.of(new FieldError(name.get(), TypeDescriptions.expectation(valueType)));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> queryName(AnnotatedElement element, String javaName) {
        QueryParam queryParam = element.getAnnotation(QueryParam.class);
        if (queryParam != null) {
            return Optional.of(queryParam.value());
        }
        RestQuery restQuery = element.getAnnotation(RestQuery.class);
        if (restQuery != null) {
            return Optional.of(restQuery.value().isEmpty() ? javaName : restQuery.value());
        }
        return Optional.empty();
    }

    /** The type each single value converts to: the element type of a collection or an Optional. */
    private static Class<?> valueType(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                && (Collection.class.isAssignableFrom(raw) || raw == Optional.class)
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            return raw;
        }
        return String.class;
    }

    private static boolean converts(Class<?> type, String value) {
        try {
            if (type.isPrimitive()) {
                return convertsPrimitive(type, value);
            }
            for (String factory : List.of("valueOf", "fromString", "parse")) {
                Optional<Method> method = staticFactory(type, factory);
                if (method.isPresent()) {
                    method.get().invoke(null, value);
                    return true;
                }
            }
            Constructor<?> constructor = type.getConstructor(String.class);
            constructor.newInstance(value);
            return true;
        } catch (NoSuchMethodException e) {
            return true; // a type we cannot judge: assume it was not the culprit
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static boolean convertsPrimitive(Class<?> type, String value) {
        if (type == int.class) {
            Integer.parseInt(value);
        } else if (type == long.class) {
            Long.parseLong(value);
        } else if (type == short.class) {
            Short.parseShort(value);
        } else if (type == byte.class) {
            Byte.parseByte(value);
        } else if (type == double.class) {
            Double.parseDouble(value);
        } else if (type == float.class) {
            Float.parseFloat(value);
        } else if (type == char.class) {
            return value.length() == 1;
        }
        return true;
    }

    private static Optional<Method> staticFactory(Class<?> type, String name) {
        for (Class<?> argument : List.of(String.class, CharSequence.class)) {
            try {
                Method method = type.getMethod(name, argument);
                if (Modifier.isStatic(method.getModifiers())) {
                    return Optional.of(method);
                }
            } catch (NoSuchMethodException e) {
                // try the next signature
            }
        }
        return Optional.empty();
    }
}
