package io.github.secretresolver.refresh.jdbc;

import com.zaxxer.hikari.util.Credentials;
import org.jspecify.annotations.Nullable;

/**
 * A user name and password to open database connections with. Compared by value; never shown by
 * {@link #toString()}.
 *
 * @param username the user name
 * @param password the password
 * @author Secret Resolver contributors
 */
record DatabaseCredentials(@Nullable String username, @Nullable String password) {

	static DatabaseCredentials of(Credentials credentials) {
		return new DatabaseCredentials(credentials.getUsername(), credentials.getPassword());
	}

	Credentials toHikari() {
		return Credentials.of(this.username, this.password);
	}

	@Override
	public String toString() {
		return "DatabaseCredentials[******]";
	}

}
