package io.gatehouse.simulator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the simulator. Arguments of the form {@code -Dkey=value} placed after {@code -jar quarkus-run.jar} are
 * taken as system properties too, so {@code java -jar quarkus-run.jar -Dquarkus.http.port=8090} works like
 * {@code java -Dquarkus.http.port=8090 -jar quarkus-run.jar}.
 */
@QuarkusMain
public class SimulatorMain {

    public static void main(String... args) {
        for (String arg : args) {
            if (arg.startsWith("-D") && arg.indexOf('=') > 2) {
                int eq = arg.indexOf('=');
                System.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        Quarkus.run(args);
    }
}
