package io.github.memorydelay.actuate;

import io.github.memorydelay.autoconfigure.MemoryDelayAutoConfiguration;
import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@link MemoryDelayEndpoint}:
 * present when actuator is on the class path and the endpoint is available (exposed, as
 * Spring Boot's exposure rules say).
 */
@AutoConfiguration(after = MemoryDelayAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(MemoryDelay.class)
@ConditionalOnAvailableEndpoint(MemoryDelayEndpoint.class)
public class MemoryDelayEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryDelayEndpoint memoryDelayEndpoint(MemoryDelay memoryDelay) {
		return new MemoryDelayEndpoint(memoryDelay);
	}

	/**
	 * In a servlet application, keeps the web layer's log lines about requests to the
	 * endpoint out of the digests.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "jakarta.servlet.Filter", "org.springframework.web.filter.OncePerRequestFilter" })
	static class EndpointRequests {

		@Bean
		EndpointRequestFilter memoryDelayEndpointRequestFilter(Environment environment) {
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			String mapping = environment.getProperty("management.endpoints.web.path-mapping.memorydelay",
					"memorydelay");
			String path = (basePath.endsWith("/") ? basePath : basePath + "/") + mapping;
			return new EndpointRequestFilter(path.startsWith("/") ? path : "/" + path);
		}

	}

}
