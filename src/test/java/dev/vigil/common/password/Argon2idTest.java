package dev.vigil.common.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * Vigil's own Argon2id against two references: the reference implementation's published answer,
 * and Bouncy Castle's generator (what Vigil used before; every stored hash was made by it) over
 * lane counts, pass counts, memory sizes that are and are not multiples of the segment count,
 * tag lengths on both sides of 64 bytes, and empty and non-ASCII passwords.
 */
class Argon2idTest {

    @Test
    void givesTheReferenceImplementationsAnswer() {
        // phc-winner-argon2's test suite: Argon2id v=0x13, t=2, m=2^16 KiB, p=1, "password", "somesalt".
        byte[] tag = Argon2id.derive(bytes("password"), bytes("somesalt"), 65536, 2, 1, 32);

        assertEquals("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7", HexFormat.of().formatHex(tag));
    }

    @Test
    void agreesWithBouncyCastleOverVariedParameters() {
        Random random = new Random(20261208L);
        int[][] costs = {
            // memory KiB, passes, lanes, tag bytes
            {8, 1, 1, 32}, {9, 1, 1, 16}, {16, 1, 2, 32}, {64, 3, 1, 64}, {65, 2, 1, 65}, {100, 2, 4, 32},
            {256, 1, 1, 128}, {257, 4, 3, 40}, {1024, 2, 1, 32}, {1000, 3, 2, 100}, {4096, 1, 8, 32},
            {19456, 2, 1, 32}, {7168, 5, 1, 32},
        };
        for (int[] cost : costs) {
            for (int sample = 0; sample < 3; sample++) {
                byte[] password = new byte[sample == 0 ? 0 : 1 + random.nextInt(80)];
                random.nextBytes(password);
                byte[] salt = new byte[8 + random.nextInt(57)];
                random.nextBytes(salt);

                byte[] ours = Argon2id.derive(password, salt, cost[0], cost[1], cost[2], cost[3]);

                assertArrayEquals(bouncyCastle(password, salt, cost), ours,
                        "m=" + cost[0] + ", t=" + cost[1] + ", p=" + cost[2] + ", tag " + cost[3] + ", sample " + sample);
            }
        }
    }

    @Test
    void hashesRunningAtOnceDoNotDisturbEachOther() throws Exception {
        // More hashes at once than memory areas are kept, each with its own inputs and two memory sizes,
        // so areas are taken, given back, reused at another size and allocated beside the kept ones.
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> hashes = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int[] cost = {i % 2 == 0 ? 1024 : 2048, 2, 1 + i % 3, 32};
                byte[] password = bytes("password " + i);
                byte[] salt = bytes("salt for hash " + i);
                hashes.add(() -> {
                    assertArrayEquals(bouncyCastle(password, salt, cost), Argon2id.derive(password, salt, cost[0], cost[1], cost[2], cost[3]));
                    return null;
                });
            }
            for (Future<Void> done : threads.invokeAll(hashes)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesParametersOutsideTheAlgorithm() {
        assertThrows(IllegalArgumentException.class, () -> Argon2id.derive(bytes("p"), bytes("saltsalt"), 7, 1, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.derive(bytes("p"), bytes("saltsalt"), 64, 0, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.derive(bytes("p"), bytes("saltsalt"), 64, 1, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.derive(bytes("p"), bytes("saltsalt"), 64, 1, 1, 3));
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, int[] cost) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost[0])
                .withIterations(cost[1])
                .withParallelism(cost[2])
                .withSalt(salt)
                .build());
        byte[] tag = new byte[cost[3]];
        generator.generateBytes(password, tag);
        return tag;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
