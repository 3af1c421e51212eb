package io.vigil.cli.auth;

import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Where a password comes from: standard input (scripts), an environment variable, or the terminal without echo. */
public final class Passwords {
    private final Map<String, String> env;
    private final InputStream stdin;
    private final Console console;

    public Passwords(Map<String, String> env, InputStream stdin, Console console) {
        this.env = env;
        this.stdin = stdin;
        this.console = console;
    }

    /**
     * The password: the first line of standard input with {@code fromStdin}, else {@code variable}
     * from the environment, else asked on the terminal (twice when {@code confirm}).
     */
    public String read(boolean fromStdin, String variable, String prompt, boolean confirm) throws IOException, CliException {
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("no password on standard input", ExitCodes.USAGE);
            }
            return line;
        }
        String fromEnv = variable == null ? null : env.get(variable);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        if (console == null) {
            throw new CliException("no terminal to ask the password on: pipe it with --password-stdin"
                    + (variable == null ? "" : " or set " + variable), ExitCodes.USAGE);
        }
        char[] first = console.readPassword("%s: ", prompt);
        if (first == null || first.length == 0) {
            throw new CliException("no password given", ExitCodes.USAGE);
        }
        if (confirm) {
            char[] again = console.readPassword("%s (again): ", prompt);
            if (!Arrays.equals(first, again)) {
                throw new CliException("the passwords differ", ExitCodes.USAGE);
            }
        }
        return new String(first);
    }
}
