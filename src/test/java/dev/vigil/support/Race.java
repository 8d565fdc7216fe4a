package dev.vigil.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.restassured.response.Response;

/**
 * Fires requests at the same moment: each on its own thread, all released together by a barrier,
 * so they reach the server as one burst, the way two browser tabs or a retrying client do.
 */
public final class Race {

    /** A bound for one burst on a slow, shared machine; a passing race never gets near it. */
    private static final long TIMEOUT_SECONDS = 60;

    private Race() {
    }

    /** Runs {@code request.apply(i)} for i in 0..n-1 at once; the responses in the same order. */
    public static List<Response> of(int n, IntFunction<Response> request) {
        return all(n, request);
    }

    /** Runs {@code action.apply(i)} for i in 0..n-1 at once, e.g. a service call; the results in the same order. */
    public static <T> List<T> all(int n, IntFunction<T> action) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<T>> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                pending.add(threads.submit(() -> {
                    start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    return action.apply(index);
                }));
            }
            List<T> results = new ArrayList<>(n);
            for (Future<T> future : pending) {
                results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new AssertionError("A racing call did not complete", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** How many responses had each status, e.g. {@code {202=1, 409=9}}: what a failing assertion shows. */
    public static Map<Integer, Integer> statuses(List<Response> responses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        responses.forEach(r -> counts.merge(r.statusCode(), 1, Integer::sum));
        return counts;
    }

    /** How many responses had this status and, when given, this problem slug. */
    public static long count(List<Response> responses, int status, String slug) {
        return responses.stream()
                .filter(r -> r.statusCode() == status)
                .filter(r -> slug == null || ("https://vigil.dev/problems/" + slug).equals(r.jsonPath().getString("type")))
                .count();
    }
}
