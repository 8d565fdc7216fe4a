package dev.vigil.common.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The block of addresses that one client is counted as (throttles, the lockout): an IPv4 address
 * is its own block, an IPv6 address counts as its /64, the block one subscriber usually holds, so
 * that walking through the addresses of one's own /64 changes nothing.
 */
public final class AddressBlock {

    /** What a request without a known address is counted as. */
    public static final String UNKNOWN = "unknown";

    private static final int IPV6_PREFIX_BYTES = 8;

    private AddressBlock() {
    }

    /**
     * The block of {@code ip}: an IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4
     * form), an IPv6 address as its /64 in canonical text ({@code 2001:db8:1:2::/64}), {@link #UNKNOWN}
     * for none. Brackets and a port after them ({@code [2001:db8::1]:4711}) are dropped. Something
     * that is not an address literal is returned as it is and never looked up in DNS.
     */
    public static String of(String ip) {
        if (ip == null || ip.isBlank()) {
            return UNKNOWN;
        }
        String literal = ip.strip();
        if (literal.startsWith("[") && literal.indexOf(']') > 0) {
            literal = literal.substring(1, literal.indexOf(']'));
        }
        if (literal.indexOf(':') < 0 || !isAddressLiteral(literal)) {
            return literal;
        }
        try {
            // Only hex digits, colons and dots: the JDK parses it as an IPv6 literal, never looks it up.
            byte[] address = InetAddress.getByName(literal).getAddress();
            if (address.length <= IPV6_PREFIX_BYTES) {
                return InetAddress.getByAddress(address).getHostAddress();
            }
            return slash64(address);
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    /** The first four groups, lower-case hex without leading zeros, then {@code ::/64}. */
    private static String slash64(byte[] address) {
        StringBuilder text = new StringBuilder(24);
        for (int group = 0; group < 4; group++) {
            int value = ((address[2 * group] & 0xff) << 8) | (address[2 * group + 1] & 0xff);
            text.append(Integer.toHexString(value)).append(':');
        }
        return text.append(":/64").toString();
    }

    private static boolean isAddressLiteral(String ip) {
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
