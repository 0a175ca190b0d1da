package org.concordia.infra.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

/**
 * The credential store: one document per account ({@code _id} = username) with its password hash (Argon2id; older
 * accounts bcrypt until their password changes) and the flags that decide, on every request, whether and as what it
 * may sign in. Passwords are never stored or logged in clear. Every change here follows an account event recorded
 * by {@code AccountService} (the audit trail); this store is what authentication reads.
 * <p>
 * {@link #loadUserByUsername} semantics, for every authentication path (HTTP Basic, API tokens, bearer tokens):
 * <ul>
 *   <li>{@code enabled=false} for a disabled account: Spring's provider refuses it (401) before any password check;</li>
 *   <li>{@code accountNonLocked}, {@code accountNonExpired}, {@code credentialsNonExpired}: always true (sign-in
 *       throttling is kept apart from the account);</li>
 *   <li>authorities: {@code ROLE_USER} (+ {@code ROLE_ADMIN} for administrators); an account that must change its
 *       password gets only {@code ROLE_PASSWORD_CHANGE_REQUIRED}, which opens {@code GET /api/v1/me} and
 *       {@code POST /api/v1/me/password} and nothing else (403 "password change required");</li>
 *   <li>password: the stored hash, which changes with every password change or reset; an account without a password
 *       here (an OpenID Connect user) has {@value #NO_PASSWORD}, which no password matches.</li>
 * </ul>
 */
@Component
public class UserAccounts implements UserDetailsService {

    public static final String ADMIN_ROLE = "ADMIN";
    public static final String USER_ROLE = "USER";
    public static final String PASSWORD_CHANGE_REQUIRED_ROLE = "PASSWORD_CHANGE_REQUIRED";
    /** The stored hash of an account with no password here: no encoder maps it, so nothing matches it. */
    public static final String NO_PASSWORD = "{none}";

    /** What is known of an account; {@code issuer} is set for OpenID Connect users (who have no password here). */
    public record Account(String username, String displayName, boolean admin, boolean enabled,
                          boolean mustChangePassword, String issuer, String subject, Instant createdAt,
                          Instant passwordChangedAt) {

        public boolean passwordAccount() {
            return issuer == null;
        }
    }

    private final MongoCollection<Document> users;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    UserAccounts(MongoDatabase database, PasswordEncoder passwordEncoder) {
        this.users = database.getCollection("users");
        this.passwordEncoder = passwordEncoder;
        this.clock = Clock.systemUTC();
    }

    /**
     * Stores a new account, after its {@code UserAccountCreated} event. {@code password} null for an OpenID Connect
     * user ({@code issuer}, {@code subject} set).
     *
     * @return false when the username is taken
     */
    public boolean insert(String username, String displayName, String password, boolean admin,
                          boolean mustChangePassword, String issuer, String subject) {
        Instant now = clock.instant();
        try {
            users.insertOne(new Document("_id", username)
                                    .append("displayName", displayName)
                                    .append("passwordHash", password == null ? NO_PASSWORD
                                                                             : passwordEncoder.encode(password))
                                    .append("admin", admin)
                                    .append("enabled", true)
                                    .append("mustChangePassword", mustChangePassword)
                                    .append("issuer", issuer)
                                    .append("subject", subject)
                                    .append("createdAt", now.toString())
                                    .append("passwordChangedAt", password == null ? null : now.toString())
                                    .append("recorded", true));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The request attribute holding the signed-in user's account once a filter has read it for this request. */
    public static final String REQUEST_ATTRIBUTE = UserAccounts.class.getName() + ".account";

    public Optional<Account> find(String username) {
        return Optional.ofNullable(users.find(eq("_id", username)).first()).map(UserAccounts::account);
    }

    public boolean exists(String username) {
        return users.find(eq("_id", username)).projection(new Document("_id", 1)).first() != null;
    }

    /** Every account, by username. */
    public List<Account> list() {
        List<Account> accounts = new ArrayList<>();
        users.find().sort(new Document("_id", 1)).forEach(d -> accounts.add(account(d)));
        return accounts;
    }

    /**
     * Re-authentication (signatures, Part 11 §11.200; the current password of a password change): the password,
     * checked again now. False for a disabled account and for an account without a password here.
     */
    public boolean passwordMatches(String username, String password) {
        Document user = users.find(eq("_id", username)).first();
        return user != null && password != null && user.getBoolean("enabled", true)
               && passwordEncoder.matches(password, user.getString("passwordHash"));
    }

    /** A new password hash; {@code mustChange} true for an administrator's temporary password. */
    public void setPassword(String username, String password, boolean mustChange) {
        update(username, Updates.combine(Updates.set("passwordHash", passwordEncoder.encode(password)),
                                         Updates.set("mustChangePassword", mustChange),
                                         Updates.set("passwordChangedAt", clock.instant().toString())));
    }

    public void setEnabled(String username, boolean enabled) {
        update(username, Updates.set("enabled", enabled));
    }

    public void setAdmin(String username, boolean admin) {
        update(username, Updates.set("admin", admin));
    }

    /** Accounts stored before account events were recorded (no {@code UserAccountCreated} in the event store). */
    public List<Account> unrecorded() {
        List<Account> accounts = new ArrayList<>();
        users.find(ne("recorded", true)).forEach(d -> accounts.add(account(d)));
        return accounts;
    }

    public void markRecorded(String username) {
        update(username, Updates.set("recorded", true));
    }

    private void update(String username, Bson update) {
        users.updateOne(eq("_id", username), update);
    }

    /** See the class comment for the semantics every authentication path relies on. */
    @Override
    public UserDetails loadUserByUsername(String username) {
        Document user = users.find(eq("_id", username)).first();
        if (user == null) {
            throw new UsernameNotFoundException("unknown user");
        }
        Account account = account(user);
        return User.withUsername(username)
                   .password(user.getString("passwordHash"))
                   .disabled(!account.enabled())
                   .authorities(authoritiesOf(account))
                   .build();
    }

    /** The roles an account signs in with, on every authentication path. */
    public static List<GrantedAuthority> authoritiesOf(Account account) {
        if (account.mustChangePassword()) {
            return List.of(new SimpleGrantedAuthority("ROLE_" + PASSWORD_CHANGE_REQUIRED_ROLE));
        }
        return account.admin()
                ? List.of(new SimpleGrantedAuthority("ROLE_" + ADMIN_ROLE), new SimpleGrantedAuthority("ROLE_" + USER_ROLE))
                : List.of(new SimpleGrantedAuthority("ROLE_" + USER_ROLE));
    }

    private static Account account(Document d) {
        return new Account(d.getString("_id"), d.getString("displayName"), d.getBoolean("admin", false),
                           d.getBoolean("enabled", true), d.getBoolean("mustChangePassword", false),
                           d.getString("issuer"), d.getString("subject"), instant(d.getString("createdAt")),
                           instant(d.getString("passwordChangedAt")));
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
