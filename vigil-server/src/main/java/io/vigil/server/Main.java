package io.vigil.server;

/** Entry point: {@code java -jar vigil-server.jar [serve] [--config vigil.yaml]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("vigil: not yet");
    }
}
