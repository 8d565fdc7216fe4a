import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Argon2id hashes per second on one thread (so a login rate can be compared with cores / hash
 * time) or on several at once (Argon2id is memory-hard: threads hashing together slow each other
 * down, so the machine's real ceiling is below cores / one-thread hash time). Same output size as
 * the app (32-byte tag, 16-byte salt). IMPL {@code vigil} (the default) is the app's own
 * implementation, read from the packaged app's jar; {@code bouncycastle} is Bouncy Castle's
 * generator, which the app used before.
 *
 * <p>Usage: {@code java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/HashRate.java
 * MEMORY_KIB ITERATIONS PARALLELISM [SECONDS [THREADS [IMPL]]]}.
 * Warms up for 3 s, then counts for SECONDS (default 5) on THREADS threads (default 1) and prints
 * one line: {@code hashes=N seconds=S hashes_per_s=R ms_per_hash=T} (all threads together; the
 * time per hash is that of one thread).
 */
public class HashRate {

    private static final long WARM_UP_NANOS = 3_000_000_000L;

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        int t = Integer.parseInt(args[1]);
        int p = Integer.parseInt(args[2]);
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        boolean vigil = args.length <= 5 || args[5].equals("vigil");
        Method derive = vigil ? vigilDerive() : null;
        byte[] password = "Bench-password-for-hash-rate".getBytes(StandardCharsets.UTF_8);

        long nanos = (long) (seconds * 1e9);
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                run(derive, m, t, p, password, random, start - System.nanoTime());
                total.addAndGet(run(derive, m, t, p, password, random, start + nanos - System.nanoTime()));
            });
            workers[i].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rate = total.get() / elapsed;
        System.out.printf(java.util.Locale.ROOT, "hashes=%d seconds=%.3f hashes_per_s=%.2f ms_per_hash=%.3f%n",
                total.get(), elapsed, rate, 1000 * threads / rate);
    }

    /** The app's {@code Argon2id.derive}, package-private, reached by reflection. */
    private static Method vigilDerive() {
        try {
            Method derive = Class.forName("dev.vigil.common.password.Argon2id")
                    .getDeclaredMethod("derive", byte[].class, byte[].class, int.class, int.class, int.class, int.class);
            derive.setAccessible(true);
            return derive;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the app's jar is not on the classpath (see the usage)", e);
        }
    }

    private static long run(Method derive, int m, int t, int p, byte[] password, SecureRandom random, long nanos) {
        long end = System.nanoTime() + nanos;
        long count = 0;
        byte[] tag = new byte[32];
        byte[] salt = new byte[16];
        do {
            random.nextBytes(salt);
            if (derive != null) {
                try {
                    derive.invoke(null, password, salt, m, t, p, tag.length);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                Argon2BytesGenerator generator = new Argon2BytesGenerator();
                generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build());
                generator.generateBytes(password, tag);
            }
            count++;
        } while (System.nanoTime() < end);
        return count;
    }
}
