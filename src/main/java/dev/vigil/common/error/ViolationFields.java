package dev.vigil.common.error;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMatrix;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Names the request field a Bean Validation violation is about, the way the client spelled it.
 *
 * <p>A violation's property path starts at the validated method ({@code register.request.displayName}).
 * When the violated parameter is a query, path, header, cookie, form or matrix parameter, the field is
 * that parameter's name on the wire ({@code page_size}); otherwise the parameter is the request body and
 * the field is the path below it, each property in snake_case like the JSON ({@code display_name},
 * {@code home_address.postal_code}, {@code nick_names[0]}).
 */
final class ViolationFields {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ViolationFields() {
    }

    /** Whether a violation is about a method's return value: a server bug, not a bad request. */
    static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** Whether a violation says the whole request body is missing ({@code @NotNull} on an empty body). */
    static boolean isMissingBody(ConstraintViolation<?> violation) {
        Path.Node parameter = null;
        Path.Node last = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node;
            }
            last = node;
        }
        return parameter != null && parameter == last && violation.getInvalidValue() == null
                && wireName(violation, parameter.as(Path.ParameterNode.class)).isEmpty();
    }

    /** The error entry for one violation. */
    static FieldError toFieldError(ConstraintViolation<?> violation) {
        return new FieldError(fieldName(violation), violation.getMessage());
    }

    /** Jackson's snake_case translation, so names match the JSON the client sent. */
    private static String snakeCase(String name) {
        return SNAKE_CASE.translate(name);
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        Class<?> beanParamType = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> {
                    Path.ParameterNode parameter = node.as(Path.ParameterNode.class);
                    Optional<String> name = wireName(violation, parameter);
                    name.ifPresent(field::append);
                    beanParamType = isBeanParam(violation, parameter) ? parameterType(violation, parameter) : null;
                }
                case PROPERTY -> {
                    appendIterableIndex(field, node);
                    String name = beanParamType != null
                            ? beanParamFieldName(beanParamType, node.getName())
                            : snakeCase(node.getName());
                    beanParamType = null;
                    if (!field.isEmpty()) {
                        field.append('.');
                    }
                    field.append(name);
                }
                case CONTAINER_ELEMENT, BEAN -> appendIterableIndex(field, node);
                case CROSS_PARAMETER -> field.append("request");
                default -> {
                    // METHOD and CONSTRUCTOR nodes name Java code, not request fields.
                }
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static void appendIterableIndex(StringBuilder field, Path.Node node) {
        if (!node.isInIterable()) {
            return;
        }
        if (node.getIndex() != null) {
            field.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
            field.append('[').append(node.getKey()).append(']');
        }
    }

    /** The parameter's name on the wire, or empty when the parameter is the request body. */
    private static Optional<String> wireName(ConstraintViolation<?> violation, Path.ParameterNode parameter) {
        Annotation[] annotations = parameterAnnotations(violation, parameter);
        for (Annotation annotation : annotations) {
            Optional<String> name = declaredName(annotation);
            if (name.isPresent()) {
                return Optional.of(name.get().isEmpty() ? parameter.getName() : name.get());
            }
        }
        return Optional.empty();
    }

    private static boolean isBeanParam(ConstraintViolation<?> violation, Path.ParameterNode parameter) {
        for (Annotation annotation : parameterAnnotations(violation, parameter)) {
            if (annotation instanceof BeanParam) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> parameterType(ConstraintViolation<?> violation, Path.ParameterNode parameter) {
        return findMethod(violation)
                .map(method -> method.getParameterTypes()[parameter.getParameterIndex()])
                .orElse(null);
    }

    private static String beanParamFieldName(Class<?> type, String javaName) {
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            try {
                Field field = current.getDeclaredField(javaName);
                for (Annotation annotation : field.getAnnotations()) {
                    Optional<String> name = declaredName(annotation);
                    if (name.isPresent()) {
                        return name.get().isEmpty() ? javaName : name.get();
                    }
                }
                return snakeCase(javaName);
            } catch (NoSuchFieldException e) {
                // keep looking in the superclass
            }
        }
        return snakeCase(javaName);
    }

    /** The name a JAX-RS parameter annotation declares: empty string for "use the Java name", or none. */
    private static Optional<String> declaredName(Annotation annotation) {
        if (annotation instanceof QueryParam a) {
            return Optional.of(a.value());
        } else if (annotation instanceof PathParam a) {
            return Optional.of(a.value());
        } else if (annotation instanceof HeaderParam a) {
            return Optional.of(a.value());
        } else if (annotation instanceof CookieParam a) {
            return Optional.of(a.value());
        } else if (annotation instanceof FormParam a) {
            return Optional.of(a.value());
        } else if (annotation instanceof MatrixParam a) {
            return Optional.of(a.value());
        } else if (annotation instanceof RestQuery a) {
            return Optional.of(a.value());
        } else if (annotation instanceof RestPath a) {
            return Optional.of(a.value());
        } else if (annotation instanceof RestHeader a) {
            return Optional.of(a.value());
        } else if (annotation instanceof RestCookie a) {
            return Optional.of(a.value());
        } else if (annotation instanceof RestForm a) {
            return Optional.of(a.value());
        } else if (annotation instanceof RestMatrix a) {
            return Optional.of(a.value());
        }
        return Optional.empty();
    }

    private static Annotation[] parameterAnnotations(ConstraintViolation<?> violation, Path.ParameterNode parameter) {
        return findMethod(violation)
                .map(method -> method.getParameterAnnotations()[parameter.getParameterIndex()])
                .orElse(new Annotation[0]);
    }

    /**
     * The validated method as declared in source. The root bean may be a generated subclass (CDI
     * interceptors) whose overriding method carries no parameter annotations, so walk up the hierarchy
     * and take the first declaration that has any.
     */
    private static Optional<Method> findMethod(ConstraintViolation<?> violation) {
        Path.MethodNode methodNode = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                methodNode = node.as(Path.MethodNode.class);
                break;
            }
        }
        if (methodNode == null || violation.getRootBeanClass() == null) {
            return Optional.empty();
        }
        Class<?>[] types = methodNode.getParameterTypes().toArray(Class<?>[]::new);
        Method fallback = null;
        for (Class<?> type : hierarchy(violation.getRootBeanClass())) {
            try {
                Method method = type.getDeclaredMethod(methodNode.getName(), types);
                if (fallback == null) {
                    fallback = method;
                }
                for (Annotation[] annotations : method.getParameterAnnotations()) {
                    if (annotations.length > 0) {
                        return Optional.of(method);
                    }
                }
            } catch (NoSuchMethodException e) {
                // not declared here
            }
        }
        return Optional.ofNullable(fallback);
    }

    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            types.add(current);
        }
        for (int i = 0; i < types.size(); i++) {
            for (Class<?> implemented : types.get(i).getInterfaces()) {
                if (!types.contains(implemented)) {
                    types.add(implemented);
                }
            }
        }
        return types;
    }
}
