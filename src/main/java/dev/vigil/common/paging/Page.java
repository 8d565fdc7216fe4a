package dev.vigil.common.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {items, page, size, total_items, total_pages}}. */
public record Page<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> Page<T> of(List<T> items, PageParams params, long totalItems) {
        int pages = (int) ((totalItems + params.size - 1) / params.size);
        return new Page<>(List.copyOf(items), params.page, params.size, totalItems, pages);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), page, size, totalItems, totalPages);
    }
}
