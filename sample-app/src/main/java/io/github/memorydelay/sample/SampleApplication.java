package io.github.memorydelay.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web application that logs on demand and shows the digests memorydelay sends
 * about it. Its only memorydelay set-up is {@code application.yml}: the starter does the
 * rest.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
