package org.concordia.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConcordiaApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("backup")) { // offline backup of a data directory: no application
            System.exit(org.concordia.infra.ops.BackupCommand.run(args, System.getenv(), System.out, System.err));
        }
        // Axon's update checker phones home; this machine (and many regulated sites) have no internet.
        System.setProperty("axoniq.update-checker.disabled",
                           System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(ConcordiaApplication.class, args);
    }
}
