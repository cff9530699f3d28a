package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application with nothing but auto-configuration, as a user of the
 * starter has.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	/**
	 * Starts an application that sends digests to GreenMail.
	 * @param greenMail the SMTP server
	 * @param spool the spool folder
	 * @param properties further properties, {@code name=value}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(GreenMailExtension greenMail, Path spool, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(TestMail.properties(greenMail, properties))
			.properties("memorydelay.spool.directory=" + spool, "spring.main.banner-mode=off")
			.run();
	}

	/**
	 * Starts an application that sends digests to an SMTP server on a given port.
	 * @param smtpPort the port
	 * @param spool the spool folder
	 * @param properties further properties, {@code name=value}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(int smtpPort, Path spool, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(TestMail.properties(smtpPort, properties))
			.properties("memorydelay.spool.directory=" + spool, "spring.main.banner-mode=off")
			.run();
	}

	public static MemoryDelay memoryDelay(ConfigurableApplicationContext context) {
		return context.getBean(MemoryDelay.class);
	}

}
