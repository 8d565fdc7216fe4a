package dev.vigil.support;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import io.restassured.path.json.JsonPath;

/**
 * Taking access tokens apart and putting (forged) ones together, independently of the code that
 * issues and verifies them.
 */
public final class Jwts {

    private Jwts() {
    }

    public static String headerJson(String jwt) {
        return decode(jwt.split("\\.")[0]);
    }

    public static String claimsJson(String jwt) {
        return decode(jwt.split("\\.")[1]);
    }

    public static JsonPath header(String jwt) {
        return new JsonPath(headerJson(jwt));
    }

    public static JsonPath claims(String jwt) {
        return new JsonPath(claimsJson(jwt));
    }

    public static JwtClaims parsedClaims(String jwt) {
        try {
            return JwtClaims.parse(claimsJson(jwt));
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new IllegalArgumentException("Not a JWT payload", e);
        }
    }

    /** base64url without padding of the UTF-8 text, as JWS compact serialization wants it. */
    public static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The same header and signature around a different payload. */
    public static String withClaims(String jwt, String claimsJson) {
        String[] parts = jwt.split("\\.");
        return parts[0] + "." + encode(claimsJson) + "." + parts[2];
    }

    /** Signs the claims with any key and algorithm, {@code kid} in the header (null: none), typed as an access token. */
    public static String sign(JwtClaims claims, Key key, String algorithm, String kid) {
        return sign(claims, key, algorithm, kid, "at+jwt");
    }

    /** The same with any {@code typ} header (null: none). */
    public static String sign(JwtClaims claims, Key key, String algorithm, String kid, String type) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(algorithm);
        if (type != null) {
            jws.setHeader("typ", type);
        }
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a test token", e);
        }
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
