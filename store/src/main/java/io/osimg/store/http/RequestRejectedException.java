package io.osimg.store.http;

/** A request the server refuses for an HTTP-level reason (authentication, method, headers); carries its answer. */
final class RequestRejectedException extends RuntimeException {

    private final HttpProblem problem;

    RequestRejectedException(HttpProblem problem) {
        super(problem.message());
        this.problem = problem;
    }

    HttpProblem problem() {
        return problem;
    }
}
