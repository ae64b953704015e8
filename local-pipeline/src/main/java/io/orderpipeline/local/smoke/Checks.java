package io.orderpipeline.local.smoke;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The smoke's verdicts, each printed as it is reached: {@code PASS|FAIL|SKIP  <check>  <what was seen>}. */
public final class Checks {
    public enum Status { PASS, FAIL, SKIP }

    public record Check(Status status, String name, String detail) {
        @Override
        public String toString() {
            return String.format("%-4s  %-26s %s", status, name, detail);
        }
    }

    private final PrintStream out;
    private final List<Check> checks = new ArrayList<>();

    Checks(PrintStream out) {
        this.out = out;
    }

    void pass(String name, String detail) {
        add(new Check(Status.PASS, name, detail));
    }

    void fail(String name, String detail) {
        add(new Check(Status.FAIL, name, detail));
    }

    /** A check that cannot be made here: the reason, never a pass. */
    void skip(String name, String why) {
        add(new Check(Status.SKIP, name, why));
    }

    void add(String name, List<String> problems, String whenFine) {
        if (problems.isEmpty()) {
            pass(name, whenFine);
        } else {
            fail(name, String.join("; ", problems));
        }
    }

    private void add(Check check) {
        checks.add(check);
        out.println(check);
        out.flush();
    }

    public List<Check> all() {
        return List.copyOf(checks);
    }

    long count(Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    public boolean passed() {
        return count(Status.FAIL) == 0;
    }
}
