package org.concordia.infra.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * HTTP Basic sign-in without a bcrypt per request. A password verified with bcrypt is remembered for a short while
 * ({@code concordia.security.sign-in.cache-ttl}, at most {@code cache-size} entries) under an HMAC-SHA-256 of the
 * username and password with a key drawn at start and never stored, so a memory dump reveals no password; what is
 * remembered is the stored hash that was verified. Each request still reads the account (one {@code _id} lookup): a
 * remembered credential counts only while the account still holds that very hash and is enabled, unlocked and
 * unexpired — so a password change or a disabled account takes effect at once, on every node. Wrong passwords are
 * never remembered. Every attempt passes the {@link SignInThrottle} first (a locked-out account or address is
 * refused unchecked, with 429) and every failure is counted there. Electronic signatures do not come here: they
 * always check the password with bcrypt ({@link UserAccounts#passwordMatches}).
 */
@Component
public class CachingPasswordAuthenticationProvider implements AuthenticationProvider {

    private static final String HMAC = "HmacSHA256";

    private final UserDetailsService users;
    private final PasswordEncoder passwordEncoder;
    private final SignInThrottle throttle;
    private final Cache<ByteBuffer, String> verified;
    private final ThreadLocal<Mac> macs;
    private volatile String unknownUserHash;

    CachingPasswordAuthenticationProvider(UserDetailsService users, PasswordEncoder passwordEncoder,
                                          SignInThrottle throttle, SignInProperties properties) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.verified = Caffeine.newBuilder().maximumSize(properties.cacheSize())
                                .expireAfterWrite(properties.cacheTtl()).build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretKeySpec macKey = new SecretKeySpec(key, HMAC);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(macKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String username = attempt.getName();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        SignInThrottle.Standing standing = throttle.check(username, address);

        UserDetails user;
        try {
            user = users.loadUserByUsername(username);
        } catch (UsernameNotFoundException unknown) {
            // As long as for a known user, so that timing does not tell which usernames exist.
            passwordEncoder.matches(password, unknownUserHash());
            throw failed(username, address, standing);
        }
        ByteBuffer key = key(username, password);
        String storedHash = user.getPassword();
        String remembered = verified.getIfPresent(key);
        boolean matches;
        if (remembered != null && remembered.equals(storedHash)) {
            matches = true;
        } else {
            if (remembered != null) {
                verified.invalidate(key); // the password changed since
            }
            matches = storedHash != null && passwordEncoder.matches(password, storedHash);
            if (matches) {
                verified.put(key, storedHash);
            }
        }
        if (!matches) {
            throw failed(username, address, standing);
        }
        // After the password, so that a wrong one does not learn whether the account is disabled.
        checkStatus(user);
        throttle.succeeded(username, standing);
        UsernamePasswordAuthenticationToken authenticated =
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        authenticated.setDetails(attempt.getDetails());
        return authenticated;
    }

    private BadCredentialsException failed(String username, String address, SignInThrottle.Standing standing) {
        throttle.failed(username, address, standing);
        return new BadCredentialsException("Bad credentials");
    }

    private static void checkStatus(UserDetails user) {
        if (!user.isAccountNonLocked()) {
            throw new LockedException("account locked");
        }
        if (!user.isEnabled()) {
            throw new DisabledException("account disabled");
        }
        if (!user.isAccountNonExpired()) {
            throw new AccountExpiredException("account expired");
        }
        if (!user.isCredentialsNonExpired()) {
            throw new CredentialsExpiredException("password expired");
        }
    }

    /** HMAC-SHA-256(process key, len(username) ‖ username ‖ password): the cache never holds a password. */
    private ByteBuffer key(String username, String password) {
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        Mac mac = macs.get();
        mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
        mac.update(name);
        return ByteBuffer.wrap(mac.doFinal(secret));
    }

    private String unknownUserHash() {
        if (unknownUserHash == null) {
            unknownUserHash = passwordEncoder.encode("no such user: a hash to spend the same time on");
        }
        return unknownUserHash;
    }

    /** How many verified credentials are remembered now (for tests and metrics). */
    long rememberedCredentials() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
