package io.osimg.store.http;

import java.util.List;

/**
 * A request the server refuses for an HTTP-level reason (authentication, method, headers); carries its answer and
 * the headers that belong to it (e.g. {@code Allow} of a 405).
 */
final class RequestRejectedException extends RuntimeException {

    private final HttpProblem problem;
    private final List<String> headerPairs;

    RequestRejectedException(HttpProblem problem, String... headerPairs) {
        super(problem.message());
        this.problem = problem;
        this.headerPairs = List.of(headerPairs);
    }

    HttpProblem problem() {
        return problem;
    }

    /** Header names and values, alternating. */
    String[] headerPairs() {
        return headerPairs.toArray(String[]::new);
    }
}
