package dev.gatehouse;

/** Entry point; replaced by the picocli command tree once the CLI lands. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("gatehouse " + ClientIdentity.VERSION);
    }
}
