package org.concordia.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ConcordiaApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConcordiaApplication.class, args);
    }
}
