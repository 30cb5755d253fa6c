package io.ostflow.local.cli;

import java.io.PrintWriter;

/** Human output of the command line: steps, notes and plain tables. */
final class Console {
    private final PrintWriter out;
    private final long started = System.nanoTime();

    Console(PrintWriter out) {
        this.out = out;
    }

    void step(String text) {
        out.printf("[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, text);
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    PrintWriter out() {
        return out;
    }
}
