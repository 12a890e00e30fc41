package dev.mcpconform.java.client;

/** A plan (or the command line) the client program cannot follow: exit status 2. */
final class PlanException extends Exception {

	private static final long serialVersionUID = 1L;

	PlanException(String message) {
		super(message);
	}

}
