package org.concordia.infra.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/**
 * The built-in user store: one document per user ({@code _id} = username) with a bcrypt hash, in the same MongoDB
 * as everything else. Passwords are never stored or logged in clear.
 */
@Component
public class UserAccounts implements UserDetailsService {

    public static final String ADMIN_ROLE = "ADMIN";

    public record Account(String username, String displayName, boolean admin) {
    }

    private final MongoCollection<Document> users;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    UserAccounts(MongoDatabase database, PasswordEncoder passwordEncoder) {
        this.users = database.getCollection("users");
        this.passwordEncoder = passwordEncoder;
        this.clock = Clock.systemUTC();
    }

    /** @return false when the username is taken */
    public boolean create(String username, String displayName, String password, boolean admin) {
        try {
            users.insertOne(new Document("_id", username)
                                    .append("displayName", displayName)
                                    .append("passwordHash", passwordEncoder.encode(password))
                                    .append("admin", admin)
                                    .append("createdAt", clock.instant().toString()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Account> find(String username) {
        return Optional.ofNullable(users.find(eq("_id", username)).first())
                       .map(d -> new Account(d.getString("_id"), d.getString("displayName"),
                                             d.getBoolean("admin", false)));
    }

    public boolean exists(String username) {
        return find(username).isPresent();
    }

    /** Re-authentication for signatures (Part 11 §11.200): the password, checked again at the moment of signing. */
    public boolean passwordMatches(String username, String password) {
        Document user = users.find(eq("_id", username)).first();
        return user != null && password != null && passwordEncoder.matches(password, user.getString("passwordHash"));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Document user = users.find(eq("_id", username)).first();
        if (user == null) {
            throw new UsernameNotFoundException("unknown user");
        }
        List<SimpleGrantedAuthority> authorities = user.getBoolean("admin", false)
                ? List.of(new SimpleGrantedAuthority("ROLE_" + ADMIN_ROLE), new SimpleGrantedAuthority("ROLE_USER"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
        return User.withUsername(username).password(user.getString("passwordHash")).authorities(authorities).build();
    }
}
