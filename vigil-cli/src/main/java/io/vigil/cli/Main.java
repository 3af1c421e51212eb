package io.vigil.cli;

import picocli.CommandLine;

/** Entry point of {@code vigil-cli.jar} ({@code ./vigil datasets|models|jobs ...}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new VigilCli()).execute(args));
    }
}
