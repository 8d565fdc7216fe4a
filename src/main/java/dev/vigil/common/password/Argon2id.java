package dev.vigil.common.password;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 0x13 (RFC 9106), computed in a memory area that is reused from one hash to the
 * next. Bouncy Castle's generator, which Vigil used before, allocates the whole memory (19 MiB by
 * default) as 19,456 objects for every hash; with logins running, that is a gigabyte a second of
 * garbage, and each hash still running at a young collection is copied. Its speed then depended on
 * the heap: 42 hashes/s on two threads with the JVM's default heap, 31 with 512 MiB and 27 with
 * 192 MiB (bench/HashRate.java). Here each hash takes one {@code long[]} from a small pool, fills
 * it, clears it and gives it back, so hashing allocates next to nothing and a small heap suffices.
 *
 * <p>Blake2b, for H0 and the variable-length hash H', is Bouncy Castle's. Tests compare every
 * output with the RFC's test vector and with Bouncy Castle's generator over varied parameters.
 */
final class Argon2id {

    private static final int VERSION = 0x13;
    private static final int TYPE = 2;
    private static final int SYNC_POINTS = 4;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = BLOCK_LONGS * Long.BYTES;

    /** Memory areas kept between hashes: as many as hashes may run at once on a usual machine. */
    private static final int KEPT_AREAS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Larger areas (a stored hash with an unusual cost) are allocated for the one hash and dropped. */
    private static final int MAX_KEPT_AREA_LONGS = 64 * 1024 * BLOCK_LONGS; // 64 MiB

    private static final BlockingQueue<long[]> AREAS = new ArrayBlockingQueue<>(KEPT_AREAS);

    private Argon2id() {
    }

    /**
     * The Argon2id tag of {@code tagLength} bytes for this password and salt, with {@code memoryKib}
     * KiB of memory, {@code iterations} passes and {@code lanes} lanes (computed one after another).
     */
    static byte[] derive(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, int tagLength) {
        if (lanes < 1 || iterations < 1 || tagLength < 4 || memoryKib < 8 * lanes) {
            throw new IllegalArgumentException("Argon2id needs lanes >= 1, iterations >= 1, tag >= 4 bytes, memory >= 8 KiB per lane");
        }
        int segment = memoryKib / (SYNC_POINTS * lanes);
        int laneLength = segment * SYNC_POINTS;
        int blocks = laneLength * lanes;
        long[] memory = take(blocks * BLOCK_LONGS);
        try {
            Fill fill = new Fill(memory, lanes, laneLength, segment, blocks, iterations);
            byte[] h0 = h0(password, salt, memoryKib, iterations, lanes, tagLength);
            fill.firstBlocks(h0);
            for (int pass = 0; pass < iterations; pass++) {
                for (int slice = 0; slice < SYNC_POINTS; slice++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        fill.segment(pass, slice, lane);
                    }
                }
            }
            long[] last = new long[BLOCK_LONGS];
            for (int lane = 0; lane < lanes; lane++) {
                int offset = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
                for (int i = 0; i < BLOCK_LONGS; i++) {
                    last[i] ^= memory[offset + i];
                }
            }
            return hPrime(tagLength, toBytes(last, 0));
        } finally {
            Arrays.fill(memory, 0, blocks * BLOCK_LONGS, 0L);
            give(memory);
        }
    }

    private static long[] take(int longs) {
        long[] area = AREAS.poll();
        return area != null && area.length >= longs ? area : new long[longs];
    }

    private static void give(long[] area) {
        if (area.length <= MAX_KEPT_AREA_LONGS) {
            AREAS.offer(area);
        }
    }

    /** H0 = Blake2b-512(p, T, m, t, v, y, |P|, P, |S|, S, |K| = 0, |X| = 0), lengths and numbers as LE32. */
    private static byte[] h0(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, int tagLength) {
        Blake2bDigest digest = new Blake2bDigest(512);
        for (int value : new int[] {lanes, tagLength, memoryKib, iterations, VERSION, TYPE, password.length}) {
            update(digest, value);
        }
        digest.update(password, 0, password.length);
        update(digest, salt.length);
        digest.update(salt, 0, salt.length);
        update(digest, 0);
        update(digest, 0);
        byte[] h0 = new byte[64];
        digest.doFinal(h0, 0);
        return h0;
    }

    /** The variable-length hash H'^T of the concatenated inputs (RFC 9106, section 3.3). */
    private static byte[] hPrime(int length, byte[]... inputs) {
        byte[] out = new byte[length];
        if (length <= 64) {
            Blake2bDigest digest = new Blake2bDigest(length * 8);
            update(digest, length);
            for (byte[] input : inputs) {
                digest.update(input, 0, input.length);
            }
            digest.doFinal(out, 0);
            return out;
        }
        Blake2bDigest digest = new Blake2bDigest(512);
        update(digest, length);
        for (byte[] input : inputs) {
            digest.update(input, 0, input.length);
        }
        byte[] v = new byte[64];
        digest.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        int position = 32;
        while (length - position > 64) {
            digest.update(v, 0, 64);
            digest.doFinal(v, 0); // the digest resets after doFinal
            System.arraycopy(v, 0, out, position, 32);
            position += 32;
        }
        Blake2bDigest lastDigest = new Blake2bDigest((length - position) * 8);
        lastDigest.update(v, 0, 64);
        lastDigest.doFinal(out, position);
        return out;
    }

    private static void update(Blake2bDigest digest, int value) {
        digest.update((byte) value);
        digest.update((byte) (value >>> 8));
        digest.update((byte) (value >>> 16));
        digest.update((byte) (value >>> 24));
    }

    private static byte[] le32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    private static byte[] toBytes(long[] words, int offset) {
        byte[] bytes = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long word = words[offset + i];
            for (int b = 0; b < 8; b++) {
                bytes[i * 8 + b] = (byte) (word >>> (8 * b));
            }
        }
        return bytes;
    }

    private static void toWords(byte[] bytes, long[] words, int offset) {
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long word = 0;
            for (int b = 7; b >= 0; b--) {
                word = (word << 8) | (bytes[i * 8 + b] & 0xFF);
            }
            words[offset + i] = word;
        }
    }

    /** One hash's memory and scratch blocks, and the filling of its segments. */
    private static final class Fill {

        private final long[] memory;
        private final int lanes;
        private final int laneLength;
        private final int segment;
        private final int blocks;
        private final int iterations;
        private final long[] r = new long[BLOCK_LONGS];
        private final long[] kept = new long[BLOCK_LONGS];
        private final long[] zero = new long[BLOCK_LONGS];
        private final long[] input = new long[BLOCK_LONGS];
        private final long[] addresses = new long[BLOCK_LONGS];

        Fill(long[] memory, int lanes, int laneLength, int segment, int blocks, int iterations) {
            this.memory = memory;
            this.lanes = lanes;
            this.laneLength = laneLength;
            this.segment = segment;
            this.blocks = blocks;
            this.iterations = iterations;
        }

        /** B[l][0] = H'^1024(H0 || LE32(0) || LE32(l)), B[l][1] likewise with 1. */
        void firstBlocks(byte[] h0) {
            for (int lane = 0; lane < lanes; lane++) {
                for (int column = 0; column < 2; column++) {
                    byte[] block = hPrime(BLOCK_BYTES, h0, le32(column), le32(lane));
                    toWords(block, memory, (lane * laneLength + column) * BLOCK_LONGS);
                }
            }
        }

        void segment(int pass, int slice, int lane) {
            // Argon2id: the first half of the first pass takes its references from generated addresses
            // (independent of the password), everything after from the previous block.
            boolean independent = pass == 0 && slice < SYNC_POINTS / 2;
            if (independent) {
                Arrays.fill(input, 0L);
                input[0] = pass;
                input[1] = lane;
                input[2] = slice;
                input[3] = blocks;
                input[4] = iterations;
                input[5] = TYPE;
            }
            int start = pass == 0 && slice == 0 ? 2 : 0;
            if (independent && start == 2) {
                nextAddresses();
            }
            for (int index = start; index < segment; index++) {
                int column = slice * segment + index;
                int current = lane * laneLength + column;
                int previous = column == 0 ? current + laneLength - 1 : current - 1;
                long pseudoRandom;
                if (independent) {
                    if (index % BLOCK_LONGS == 0) {
                        nextAddresses();
                    }
                    pseudoRandom = addresses[index % BLOCK_LONGS];
                } else {
                    pseudoRandom = memory[previous * BLOCK_LONGS];
                }
                int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
                int reference = referenceLane * laneLength
                        + referenceColumn(pass, slice, index, pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
                compress(memory, previous * BLOCK_LONGS, memory, reference * BLOCK_LONGS, memory, current * BLOCK_LONGS, pass > 0);
            }
        }

        /** The column referenced, from J1 (RFC 9106, section 3.4.1.2). */
        private int referenceColumn(int pass, int slice, int index, long j1, boolean sameLane) {
            long area;
            if (pass == 0) {
                area = slice * (long) segment + (sameLane ? index - 1 : (index == 0 ? -1 : 0));
            } else {
                area = laneLength - segment + (sameLane ? index - 1 : (index == 0 ? -1 : 0));
            }
            long x = (j1 * j1) >>> 32;
            long y = (area * x) >>> 32;
            long relative = area - 1 - y;
            long start = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (slice + 1) * (long) segment;
            return (int) ((start + relative) % laneLength);
        }

        private void nextAddresses() {
            input[6]++;
            compress(zero, 0, input, 0, addresses, 0, false);
            compress(zero, 0, addresses, 0, addresses, 0, false);
        }

        /** out = G(x, y), or with {@code xor} G(x, y) XOR out (passes after the first, version 0x13). */
        private void compress(long[] x, int xOffset, long[] y, int yOffset, long[] out, int outOffset, boolean xor) {
            long[] r = this.r;
            long[] kept = this.kept;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                long value = x[xOffset + i] ^ y[yOffset + i];
                r[i] = value;
                kept[i] = xor ? value ^ out[outOffset + i] : value;
            }
            for (int row = 0; row < 8; row++) {
                int b = row * 16;
                round(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                        b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
            }
            for (int column = 0; column < 8; column++) {
                int b = column * 2;
                round(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49,
                        b + 64, b + 65, b + 80, b + 81, b + 96, b + 97, b + 112, b + 113);
            }
            for (int i = 0; i < BLOCK_LONGS; i++) {
                out[outOffset + i] = kept[i] ^ r[i];
            }
        }
    }

    /**
     * Blake2b's round without message words on the 16 words at these indices: G on the columns, then
     * on the diagonals of the 4x4 matrix they form.
     */
    private static void round(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7,
            int v8, int v9, int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v, v0, v4, v8, v12);
        mix(v, v1, v5, v9, v13);
        mix(v, v2, v6, v10, v14);
        mix(v, v3, v7, v11, v15);
        mix(v, v0, v5, v10, v15);
        mix(v, v1, v6, v11, v12);
        mix(v, v2, v7, v8, v13);
        mix(v, v3, v4, v9, v14);
    }

    /** Blake2b's G with BlaMka's multiplications (RFC 9106, section 3.6). */
    private static void mix(long[] v, int ia, int ib, int ic, int id) {
        long a = v[ia];
        long b = v[ib];
        long c = v[ic];
        long d = v[id];
        a = blaMka(a, b);
        d = Long.rotateRight(d ^ a, 32);
        c = blaMka(c, d);
        b = Long.rotateRight(b ^ c, 24);
        a = blaMka(a, b);
        d = Long.rotateRight(d ^ a, 16);
        c = blaMka(c, d);
        b = Long.rotateRight(b ^ c, 63);
        v[ia] = a;
        v[ib] = b;
        v[ic] = c;
        v[id] = d;
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * ((x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL));
    }
}
