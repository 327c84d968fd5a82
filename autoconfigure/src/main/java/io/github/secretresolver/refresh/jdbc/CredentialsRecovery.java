package io.github.secretresolver.refresh.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Finds the credentials to try when the database rejects those a pool uses: the references
 * behind them are refreshed, and the version a Secrets Manager rotation has staged as
 * {@code AWSPENDING} is looked up, at most once per interval however many connection attempts
 * fail. Attempts that fail while a look is running wait for it and share its outcome; attempts
 * that fail within the interval after it get its outcome without calling AWS. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class CredentialsRecovery {

	private static final Log logger = LogFactory.getLog(CredentialsRecovery.class);

	private final Runnable refresh;

	private final Supplier<@Nullable DatabaseCredentials> current;

	private final Supplier<Optional<DatabaseCredentials>> pending;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final ReentrantLock lock = new ReentrantLock();

	private final AtomicLong looks = new AtomicLong();

	private boolean looked;

	private long lastLookEnd;

	private @Nullable DatabaseCredentials pendingFound;

	/**
	 * Create a new instance.
	 * @param refresh refreshes the references behind the credentials (and hands the changed
	 * values to the pools)
	 * @param current reads the credentials the configuration currently serves
	 * @param pending reads the credentials staged by a rotation in progress, if there is one
	 * @param interval the least time between two looks
	 * @param nanoTime the clock
	 */
	CredentialsRecovery(Runnable refresh, Supplier<@Nullable DatabaseCredentials> current,
			Supplier<Optional<DatabaseCredentials>> pending, Duration interval, LongSupplier nanoTime) {
		this.refresh = refresh;
		this.current = current;
		this.pending = pending;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Return the credentials to try after the database rejected some: the current ones, then those
	 * a rotation in progress has staged, leaving out the rejected ones. Looks again for new ones
	 * unless a look ended less than the interval ago.
	 * @param rejected the credentials the database rejected
	 * @return the credentials to try, in order; empty if there is nothing new to try
	 */
	Candidates candidates(DatabaseCredentials rejected) {
		this.lock.lock();
		try {
			boolean looking = !this.looked || this.nanoTime.getAsLong() - this.lastLookEnd >= this.intervalNanos;
			if (looking) {
				look();
			}
			List<Candidate> candidates = new ArrayList<>(2);
			add(candidates, this.current.get(), Candidate.Version.CURRENT, rejected);
			add(candidates, this.pendingFound, Candidate.Version.PENDING, rejected);
			return new Candidates(List.copyOf(candidates), looking, this.pendingFound != null);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many times AWS was asked for new credentials.
	 * @return the number of looks
	 */
	long looks() {
		return this.looks.get();
	}

	private void look() {
		try {
			this.refresh.run();
			this.pendingFound = this.pending.get().orElse(null);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look for new database credentials (" + ex.getClass().getName() + ")");
		}
		finally {
			this.looked = true;
			this.lastLookEnd = this.nanoTime.getAsLong();
			this.looks.incrementAndGet();
		}
	}

	private static void add(List<Candidate> candidates, @Nullable DatabaseCredentials credentials,
			Candidate.Version version, DatabaseCredentials rejected) {
		if (credentials != null && credentials.username() != null && !credentials.equals(rejected)
				&& candidates.stream().noneMatch((candidate) -> candidate.credentials().equals(credentials))) {
			candidates.add(new Candidate(credentials, version));
		}
	}

	@Override
	public String toString() {
		return "CredentialsRecovery[looks=" + this.looks + "]";
	}

	/**
	 * Credentials to try, and which version of the secret gave them.
	 *
	 * @param credentials the credentials
	 * @param version the version that gave them
	 */
	record Candidate(DatabaseCredentials credentials, Version version) {

		/**
		 * The version of the secret that gave credentials.
		 */
		enum Version {

			/**
			 * The version the configuration serves ({@code AWSCURRENT} for Secrets Manager).
			 */
			CURRENT,

			/**
			 * The version a rotation in progress has staged as {@code AWSPENDING}.
			 */
			PENDING

		}

	}

	/**
	 * The outcome of {@link #candidates}.
	 *
	 * @param candidates the credentials to try, in order
	 * @param looked whether AWS was asked for new credentials for this call
	 * @param pending whether a rotation in progress has staged credentials
	 */
	record Candidates(List<Candidate> candidates, boolean looked, boolean pending) {

	}

}
