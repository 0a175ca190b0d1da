package org.concordia.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConcordiaApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home; this machine (and many regulated sites) have no internet.
        System.setProperty("axoniq.update-checker.disabled",
                           System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(ConcordiaApplication.class, args);
    }
}
