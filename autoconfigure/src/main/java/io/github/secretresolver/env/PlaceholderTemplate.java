package io.github.secretresolver.env;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.ScannedValue;
import org.jspecify.annotations.Nullable;

/**
 * A property value as written, read the way Spring reads {@code ${...}} placeholders (prefix
 * {@code ${}, suffix <code>}</code>, separator {@code :}, escape {@code \}, nested braces counted),
 * with each {@code <<resolve:...>>} reference as one indivisible part.
 * <p>
 * A reference in the default of a placeholder ({@code ${DB_PASSWORD:<<resolve:ssm:/db>>}}) is
 * needed only when the placeholder's key has no value. Such a placeholder is decided when the value
 * is parsed: if its key is defined it is written as {@code ${KEY}} and its references are never
 * fetched; otherwise its default is composed in its place. Either way a fetched value never ends up
 * inside a placeholder, where Spring would look it up as part of a key name (and log that name at
 * TRACE). Placeholders without references are served as written, for Spring to resolve.
 *
 * @author Secret Resolver contributors
 */
final class PlaceholderTemplate {

	private static final String PREFIX = "${";

	private static final char SUFFIX = '}';

	private static final char SIMPLE_PREFIX = '{';

	private static final char SEPARATOR = ':';

	private static final char ESCAPE = '\\';

	private final List<Node> nodes;

	private PlaceholderTemplate(List<Node> nodes) {
		this.nodes = nodes;
	}

	/**
	 * Parse a scanned value.
	 * @param scanned the value split into literal text and references
	 * @param keyDefined tells whether a placeholder key (as written, placeholders in it unresolved)
	 * has a value; asked only for placeholders whose default holds a reference
	 * @return the template
	 * @throws InvalidReferenceException if a reference is part of a placeholder's key
	 */
	static PlaceholderTemplate parse(ScannedValue scanned, Predicate<String> keyDefined) {
		Masked masked = Masked.of(scanned);
		return new PlaceholderTemplate(new Parser(masked, keyDefined).parse(masked.text(), 0, masked.text().length()));
	}

	/**
	 * Return the references the value needs: those outside placeholders and those in the default of
	 * a placeholder whose key has no value.
	 * @return the references, in order
	 */
	List<EmbeddedReference> liveReferences() {
		List<EmbeddedReference> references = new ArrayList<>();
		collectLive(this.nodes, references);
		return references;
	}

	private static void collectLive(List<Node> nodes, List<EmbeddedReference> references) {
		for (Node node : nodes) {
			if (node instanceof Reference reference) {
				references.add(reference.reference());
			}
			else if (node instanceof Placeholder placeholder && placeholder.holdsReference()
					&& !placeholder.keyDefined()) {
				collectLive(placeholder.fallback(), references);
			}
		}
	}

	/**
	 * Return the keys of every placeholder in the value (nested ones and those in defaults
	 * included), as written; keys that are themselves built from placeholders are left out.
	 * @return the keys
	 */
	Set<String> placeholderKeys() {
		Set<String> keys = new LinkedHashSet<>();
		collectKeys(this.nodes, keys);
		return keys;
	}

	private static void collectKeys(List<Node> nodes, Set<String> keys) {
		for (Node node : nodes) {
			if (node instanceof Placeholder placeholder) {
				if (placeholder.key().stream().allMatch(Text.class::isInstance)) {
					keys.add(unescapeSeparators(raw(placeholder.key())));
				}
				collectKeys(placeholder.key(), keys);
				if (placeholder.fallback() != null) {
					collectKeys(placeholder.fallback(), keys);
				}
			}
		}
	}

	/**
	 * Compose the value to serve: literal text and placeholders as written, each live reference
	 * replaced by the text the function returns for it, each decided placeholder replaced by
	 * {@code ${KEY}} or by its composed default, and every {@code ${} that Spring would otherwise
	 * read as the start of a placeholder because of fetched text escaped.
	 * @param values the text of each live reference: its fetched value, or its default
	 * @return the value to serve
	 */
	String compose(Function<EmbeddedReference, Piece> values) {
		List<Piece> pieces = new ArrayList<>();
		compose(this.nodes, values, pieces);
		String composed = "";
		for (int index = pieces.size() - 1; index >= 0; index--) {
			composed = pieces.get(index).escaped(composed) + composed;
		}
		return composed;
	}

	private static void compose(List<Node> nodes, Function<EmbeddedReference, Piece> values, List<Piece> pieces) {
		for (Node node : nodes) {
			if (node instanceof Text text) {
				pieces.add(Piece.literal(text.text()));
			}
			else if (node instanceof Reference reference) {
				pieces.add(values.apply(reference.reference()));
			}
			else if (node instanceof Placeholder placeholder) {
				if (!placeholder.holdsReference()) {
					pieces.add(Piece.placeholder(placeholder.written()));
				}
				else if (placeholder.keyDefined()) {
					pieces.add(Piece.placeholder(PREFIX + raw(placeholder.key()) + SUFFIX));
				}
				else {
					compose(placeholder.fallback(), values, pieces);
				}
			}
		}
	}

	private static String raw(List<Node> nodes) {
		StringBuilder raw = new StringBuilder();
		for (Node node : nodes) {
			if (node instanceof Text text) {
				raw.append(text.text());
			}
			else if (node instanceof Placeholder placeholder) {
				raw.append(placeholder.written());
			}
			else {
				raw.append(((Reference) node).reference().text());
			}
		}
		return raw.toString();
	}

	private static String unescapeSeparators(String key) {
		return key.replace(ESCAPE + String.valueOf(SEPARATOR), String.valueOf(SEPARATOR));
	}

	@Override
	public String toString() {
		return "PlaceholderTemplate[" + this.nodes.size() + " parts]";
	}

	/**
	 * A piece of a composed value, and how Spring must read it.
	 *
	 * @param text the text
	 * @param kind what the text is
	 */
	record Piece(String text, Kind kind) {

		/**
		 * Return a value fetched from AWS: delivered byte for byte, never expanded.
		 * @param text the value
		 * @return the piece
		 */
		static Piece fetched(String text) {
			return new Piece(text, Kind.FETCHED);
		}

		/**
		 * Return literal text of the configuration (or a default value): a placeholder in it that
		 * was not closed where it was written stays literal.
		 * @param text the text
		 * @return the piece
		 */
		static Piece literal(String text) {
			return new Piece(text, Kind.LITERAL);
		}

		static Piece placeholder(String text) {
			return new Piece(text, Kind.PLACEHOLDER);
		}

		/**
		 * Return the text escaped so that, followed by the given text, no placeholder starts in a
		 * fetched value and none is closed by one.
		 */
		String escaped(String following) {
			return switch (this.kind) {
				case FETCHED -> PlaceholderEscaper.escape(this.text, following);
				case LITERAL -> PlaceholderEscaper.escapeUnescaped(this.text, following);
				case PLACEHOLDER -> this.text;
			};
		}

		@Override
		public String toString() {
			return "Piece[" + this.text.length() + " characters, " + this.kind + "]";
		}

		enum Kind {

			FETCHED, LITERAL, PLACEHOLDER

		}

	}

	private sealed interface Node permits Text, Reference, Placeholder {

		boolean holdsReference();

	}

	private record Text(String text) implements Node {

		@Override
		public boolean holdsReference() {
			return false;
		}

	}

	private record Reference(EmbeddedReference reference) implements Node {

		@Override
		public boolean holdsReference() {
			return true;
		}

		@Override
		public String toString() {
			return "Reference[" + this.reference + "]";
		}

	}

	/**
	 * A placeholder: {@code ${KEY}} or {@code ${KEY:FALLBACK}}.
	 *
	 * @param written the placeholder as written, from <code>${</code> to <code>}</code>
	 * @param key the parts of the key
	 * @param fallback the parts of the default, or {@code null} if there is none
	 * @param keyDefined whether the key had a value when the placeholder was parsed (decided only
	 * when the default holds a reference)
	 */
	private record Placeholder(String written, List<Node> key, @Nullable List<Node> fallback,
			boolean keyDefined) implements Node {

		@Override
		public boolean holdsReference() {
			return (this.fallback != null && this.fallback.stream().anyMatch(Node::holdsReference));
		}

	}

	/**
	 * The written value with each reference replaced by one marker character that is none of the
	 * characters of the placeholder syntax and does not occur in the value.
	 */
	private record Masked(String text, char marker, List<EmbeddedReference> references) {

		static Masked of(ScannedValue scanned) {
			String literal = scanned.replace((reference) -> "");
			char marker = '\uE000';
			while (literal.indexOf(marker) != -1) {
				marker++;
			}
			char chosen = marker;
			return new Masked(scanned.replace((reference) -> String.valueOf(chosen)), chosen, scanned.references());
		}

	}

	/**
	 * Spring's placeholder grammar over a masked value.
	 */
	private static final class Parser {

		private final Masked masked;

		private final Predicate<String> keyDefined;

		/**
		 * Index, in {@link Masked#references()}, of the reference each marker position stands for.
		 */
		private final int[] referenceAt;

		Parser(Masked masked, Predicate<String> keyDefined) {
			this.masked = masked;
			this.keyDefined = keyDefined;
			this.referenceAt = new int[masked.text().length()];
			int next = 0;
			for (int index = 0; index < masked.text().length(); index++) {
				if (masked.text().charAt(index) == masked.marker()) {
					this.referenceAt[index] = next++;
				}
			}
		}

		List<Node> parse(String value, int from, int to) {
			List<Node> nodes = new ArrayList<>();
			int position = from;
			int start = value.indexOf(PREFIX, from);
			while (start != -1 && start < to) {
				int end = validEnd(value, start, to);
				if (end == -1) {
					addText(value, position, start + PREFIX.length(), nodes);
					position = start + PREFIX.length();
				}
				else if (start > 0 && value.charAt(start - 1) == ESCAPE) {
					addText(value, position, start + PREFIX.length(), nodes);
					position = start + PREFIX.length();
				}
				else {
					addText(value, position, start, nodes);
					nodes.add(placeholder(value, start, end));
					position = end + 1;
				}
				start = value.indexOf(PREFIX, position);
			}
			addText(value, position, to, nodes);
			return nodes;
		}

		private Placeholder placeholder(String value, int start, int end) {
			int contentStart = start + PREFIX.length();
			int separator = separator(value, contentStart, end);
			List<Node> key = parse(value, contentStart, (separator != -1) ? separator : end);
			List<Node> fallback = (separator != -1) ? parse(value, separator + 1, end) : null;
			if (key.stream().anyMatch(Node::holdsReference)) {
				throw new InvalidReferenceException(
						"a reference cannot be part of the name of a ${...} placeholder, only of its default");
			}
			Placeholder undecided = new Placeholder(unmask(value, start, end + 1), key, fallback, false);
			if (!undecided.holdsReference()) {
				return undecided;
			}
			return new Placeholder(undecided.written(), key, fallback,
					this.keyDefined.test(unescapeSeparators(raw(key))));
		}

		/**
		 * Return the first separator of a placeholder's content that is neither escaped nor inside a
		 * nested placeholder, as Spring splits a key from its default.
		 */
		private static int separator(String value, int from, int to) {
			int depth = 0;
			for (int index = from; index < to; index++) {
				char character = value.charAt(index);
				if (character == SIMPLE_PREFIX) {
					depth++;
				}
				else if (character == SUFFIX) {
					depth--;
				}
				else if (character == SEPARATOR && depth == 0 && (index == from || value.charAt(index - 1) != ESCAPE)) {
					return index;
				}
			}
			return -1;
		}

		/**
		 * Return where the placeholder starting at {@code start} ends, counting nested braces as
		 * Spring does, or -1 if it is not closed before {@code to}.
		 */
		private static int validEnd(String value, int start, int to) {
			int depth = 0;
			for (int index = start + PREFIX.length(); index < to; index++) {
				char character = value.charAt(index);
				if (character == SUFFIX) {
					if (depth == 0) {
						return index;
					}
					depth--;
				}
				else if (character == SIMPLE_PREFIX) {
					depth++;
				}
			}
			return -1;
		}

		private void addText(String value, int from, int to, List<Node> nodes) {
			int position = from;
			for (int index = from; index < to; index++) {
				if (value.charAt(index) == this.masked.marker()) {
					if (index > position) {
						nodes.add(new Text(value.substring(position, index)));
					}
					nodes.add(new Reference(this.masked.references().get(this.referenceAt[index])));
					position = index + 1;
				}
			}
			if (to > position) {
				nodes.add(new Text(value.substring(position, to)));
			}
		}

		private String unmask(String value, int from, int to) {
			List<Node> nodes = new ArrayList<>();
			addText(value, from, to, nodes);
			return raw(nodes);
		}

	}

}
