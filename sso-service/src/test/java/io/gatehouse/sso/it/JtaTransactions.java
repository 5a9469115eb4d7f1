package io.gatehouse.sso.it;

import io.quarkus.narayana.jta.runtime.TransactionScopedNotifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionScoped;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records, for each JTA transaction that begins, the application classes on the stack of the thread that began
 * it (Quarkus fires {@code @Initialized(TransactionScoped.class)} from the transaction manager's {@code begin}).
 */
@ApplicationScoped
public class JtaTransactions {
    private final ConcurrentLinkedQueue<List<String>> begun = new ConcurrentLinkedQueue<>();
    /** Off until a test asks: the other tests of the suite begin thousands of transactions. */
    private volatile boolean recording;

    void begun(@Observes @Initialized(TransactionScoped.class) TransactionScopedNotifier.TransactionId id) {
        if (!recording) {
            return;
        }
        begun.add(StackWalker.getInstance()
                .walk(frames -> frames.map(f -> f.getClassName() + "." + f.getMethodName())
                        .filter(frame -> frame.startsWith("io.gatehouse."))
                        .toList()));
    }

    /** Forgets what was recorded and records from now on. */
    public void clear() {
        begun.clear();
        recording = true;
    }

    /**
     * The stacks (application frames only) of the transactions begun since {@link #clear()} by {@code type}: those
     * whose innermost application frame, below this recorder's own, is one of {@code type}'s methods (or of the
     * subclass through which its interceptors run), not of a bean it called.
     */
    public List<List<String>> begunBy(Class<?> type) {
        return begun.stream()
                .filter(stack -> stack.stream()
                        .filter(frame -> !frame.startsWith(JtaTransactions.class.getName()))
                        .findFirst()
                        .filter(frame -> frame.startsWith(type.getName() + ".")
                                || frame.startsWith(type.getName() + "_Subclass."))
                        .isPresent())
                .toList();
    }
}
