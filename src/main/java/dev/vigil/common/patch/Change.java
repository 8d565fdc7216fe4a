package dev.vigil.common.patch;

/**
 * One field of a partial update that was present in the request. A {@code null} {@code Change}
 * means "absent, leave unchanged"; a {@code Change} holding {@code null} means "clear it".
 */
public record Change<T>(T value) {
}
