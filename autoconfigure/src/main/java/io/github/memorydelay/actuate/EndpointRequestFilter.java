package io.github.memorydelay.actuate;

import java.io.IOException;

import io.github.memorydelay.pipeline.MemoryDelay;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps what is logged while a request to the {@code memorydelay} endpoint is served out
 * of the digests: a request that the web framework rejects before the endpoint sees it
 * (no {@code Content-Type}, a body that does not bind) is the caller's mistake, and the
 * framework's warning about it is not the application's problem.
 */
class EndpointRequestFilter extends OncePerRequestFilter {

	private final String path;

	/**
	 * @param path the endpoint's path in the application, such as
	 * {@code /actuator/memorydelay}
	 */
	EndpointRequestFilter(String path) {
		this.path = path;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI().substring(request.getContextPath().length());
		if (!uri.equals(this.path) && !uri.startsWith(this.path + "/")) {
			chain.doFilter(request, response);
			return;
		}
		Runnable end = MemoryDelay.ignoreLogsOfThisThread();
		try {
			chain.doFilter(request, response);
		}
		finally {
			end.run();
		}
	}

}
