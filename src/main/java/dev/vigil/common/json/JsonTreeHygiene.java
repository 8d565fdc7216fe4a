package dev.vigil.common.json;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.common.error.VigilException;

/**
 * The control-character rule for request bodies read as a JSON tree ({@code JsonNode}, used where an
 * endpoint must tell an absent member from a {@code null} one). A tree is read without a DTO, so
 * {@link RequestTextDeserializer} never sees its strings; this checks every member name and string
 * value once the tree is read. Free-text members are the ones the body parameter lists in
 * {@link FreeText#members()}.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class JsonTreeHygiene implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof JsonNode tree) {
            check(tree, "", freeTextMembers(context.getAnnotations()));
        }
        return body;
    }

    /** Refuses the first string or member name in {@code node} that breaks the rule, naming its path. */
    public static void check(JsonNode node, String path, Set<String> freeText) {
        if (node.isTextual()) {
            boolean free = freeText.contains(path);
            if (ControlCharacters.forbidden(node.textValue(), free)) {
                throw VigilException.invalidField(path.isEmpty() ? "body" : path, ControlCharacters.message(free));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", freeText);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String memberPath = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
                if (ControlCharacters.forbidden(member.getKey(), false)) {
                    throw VigilException.invalidField(memberPath, "must not have control characters in its name");
                }
                check(member.getValue(), memberPath, freeText);
            }
        }
    }

    private static Set<String> freeTextMembers(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof FreeText freeText) {
                    return Set.of(freeText.members());
                }
            }
        }
        return Set.of();
    }
}
