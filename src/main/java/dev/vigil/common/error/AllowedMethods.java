package dev.vigil.common.error;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * Works out the {@code Allow} header of a 405. Quarkus REST answers a known path with an unsupported
 * method by throwing a {@code NotAllowedException} that carries no {@code Allow} header, although RFC
 * 9110 requires one; this index of every resource method's path template and HTTP method fills it in.
 */
@ApplicationScoped
class AllowedMethods {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    private final List<Endpoint> endpoints;

    AllowedMethods(BeanManager beanManager) {
        this.endpoints = scan(beanManager);
    }

    /**
     * The methods that some resource accepts at this path (relative to the REST root), as an
     * {@code Allow} header value such as {@code "GET, HEAD, OPTIONS"}; empty when no resource matches.
     */
    String forPath(String path) {
        String normalized = normalize(path);
        Set<String> methods = new TreeSet<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.pattern().matcher(normalized).matches()) {
                methods.add(endpoint.method());
            }
        }
        if (methods.isEmpty()) {
            return "";
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        methods.add(HttpMethod.OPTIONS);
        return String.join(", ", methods);
    }

    private static List<Endpoint> scan(BeanManager beanManager) {
        List<Endpoint> found = new ArrayList<>();
        for (Bean<?> bean : beanManager.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> resource = bean.getBeanClass();
            Path classPath = resource.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String template = classPath.value() + "/" + (methodPath == null ? "" : methodPath.value());
                found.add(new Endpoint(toPattern(normalize(template)), httpMethod));
            }
        }
        return List.copyOf(found);
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    /** Turns a JAX-RS path template into a regular expression: {@code {id}} matches one segment. */
    private static Pattern toPattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher variable = TEMPLATE_VARIABLE.matcher(template);
        int end = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(template.substring(end, variable.start())));
            String custom = variable.group(1);
            regex.append('(').append(custom == null ? "[^/]+" : custom.strip()).append(')');
            end = variable.end();
        }
        regex.append(Pattern.quote(template.substring(end)));
        return Pattern.compile(regex.toString());
    }

    /** One leading slash, no doubled or trailing slashes. */
    private static String normalize(String path) {
        String collapsed = ("/" + path).replaceAll("/{2,}", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/")
                ? collapsed.substring(0, collapsed.length() - 1)
                : collapsed;
    }

    private record Endpoint(Pattern pattern, String method) {
    }
}
