import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Argon2id hashes per second with Bouncy Castle, the implementation Vigil uses, on one thread (so a
 * login rate can be compared with cores / hash time) or on several at once (Argon2id is
 * memory-hard: threads hashing together slow each other down, so the machine's real ceiling is
 * below cores / one-thread hash time). Same output size as the app (32-byte tag, 16-byte salt).
 *
 * <p>Usage: {@code java -cp bcprov-jdk18on.jar bench/HashRate.java MEMORY_KIB ITERATIONS PARALLELISM [SECONDS [THREADS]]}.
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
        byte[] password = "Bench-password-for-hash-rate".getBytes(StandardCharsets.UTF_8);

        long nanos = (long) (seconds * 1e9);
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                run(m, t, p, password, random, start - System.nanoTime());
                total.addAndGet(run(m, t, p, password, random, start + nanos - System.nanoTime()));
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

    private static long run(int m, int t, int p, byte[] password, SecureRandom random, long nanos) {
        long end = System.nanoTime() + nanos;
        long count = 0;
        byte[] tag = new byte[32];
        byte[] salt = new byte[16];
        do {
            random.nextBytes(salt);
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build());
            generator.generateBytes(password, tag);
            count++;
        } while (System.nanoTime() < end);
        return count;
    }
}
