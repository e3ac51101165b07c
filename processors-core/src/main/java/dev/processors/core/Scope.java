package dev.processors.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The structured lifetime of a group of threads: a run, or a pipeline nested inside a stage. The
 * first failure in a scope cancels it: every thread it started is interrupted, child scopes are
 * cancelled, and the owner (the thread that opened a nested scope) is interrupted too. Parent
 * cancellation reaches every child.
 */
final class Scope {
  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private final Scope parent;
  private final boolean runRoot;
  private final RunOptions options;
  private final PartSink outOfBand;
  private final Thread owner;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  // Threads of tasks the scope may let go once they outlive their grace after a cancellation.
  private final Map<Thread, TaskFork<?>> abandonable = new ConcurrentHashMap<>();
  private final Set<Scope> children = ConcurrentHashMap.newKeySet();
  private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();
  private volatile Runnable failureHook; // runs once, when the first failure is recorded
  private final AtomicReference<ProcessorException> failure = new AtomicReference<>();
  private volatile boolean cancelled;
  private volatile int pruneAt = 64;

  private Scope(Scope parent, RunOptions options, PartSink outOfBand, Thread owner) {
    this(parent, options, outOfBand, owner, false);
  }

  private Scope(
      Scope parent, RunOptions options, PartSink outOfBand, Thread owner, boolean runRoot) {
    this.runRoot = runRoot;
    this.parent = parent;
    this.options = options;
    this.outOfBand = outOfBand;
    this.owner = owner;
  }

  /**
   * The scope of a run; {@code outOfBand} receives parts on the reserved substreams. Started on a
   * thread of another run, it is nested in that run's scope: cancelling the caller's run cancels it
   * too (but its failure stays its own: the caller sees it when reading the run).
   */
  static Scope root(RunOptions options, PartSink outOfBand) {
    Scope caller = CURRENT.get();
    Scope root = new Scope(caller, options, outOfBand, null, true);
    if (caller != null) {
      caller.children.add(root);
      if (caller.cancelled) {
        root.cancelled = true;
      }
    }
    return root;
  }

  /** The options of the calling thread's run, or the defaults outside a run. */
  static RunOptions currentOptions() {
    Scope s = CURRENT.get();
    return s == null ? RunOptions.defaults() : s.options;
  }

  /** Detaches a run's root scope from the run that started it (if any). */
  void detach() {
    if (parent != null) {
      parent.children.remove(this);
    }
  }

  /** The scope of the current thread, if it was started by a scope. */
  static Scope current() {
    return CURRENT.get();
  }

  /**
   * A child of the current thread's scope owned by the current thread, or a standalone scope whose
   * out-of-band parts go to {@code fallbackOut} when the thread belongs to no run.
   */
  static Scope openChild(PartSink fallbackOut) {
    Scope parent = CURRENT.get();
    Thread me = Thread.currentThread();
    PartSink fallback = fallbackOut == null ? null : LockedSink.of(fallbackOut);
    if (parent == null) {
      return new Scope(null, RunOptions.defaults(), fallback, me);
    }
    PartSink outOfBand = parent.outOfBand != null ? parent.outOfBand : fallback;
    Scope child = new Scope(parent, parent.options, outOfBand, me);
    parent.children.add(child);
    if (parent.cancelled) {
      child.cancelled = true;
    }
    return child;
  }

  /** Closes a child scope opened by {@link #openChild}: joins its threads and detaches it. */
  void closeChild() {
    joinAll();
    if (parent != null) {
      parent.children.remove(this);
      if (cancelled && !parent.cancelled) {
        // Our cancellation interrupted the owner; the owner itself goes on in the parent scope.
        Thread.interrupted();
      }
    }
  }

  RunOptions options() {
    return options;
  }

  PartSink outOfBand() {
    return outOfBand;
  }

  /** Starts a thread of this scope; it runs {@code body} with this scope as its current scope. */
  Thread start(String name, Runnable body) {
    return start(name, body, null);
  }

  /**
   * Starts a thread of this scope; when {@code letGo} is not null, joining the thread waits only as
   * {@link TaskFork#awaitOrAbandon} allows.
   */
  Thread start(String name, Runnable body, TaskFork<?> letGo) {
    Thread thread =
        options
            .threadFactory()
            .newThread(
                () -> {
                  CURRENT.set(this);
                  try {
                    body.run();
                  } finally {
                    CURRENT.remove();
                  }
                });
    if (thread == null) {
      throw new IllegalStateException("the run's thread factory returned null");
    }
    thread.setName(name);
    if (threads.size() >= pruneAt) {
      // Long-lived scopes fork many short tasks: forget the ones that have ended.
      threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
      abandonable.keySet().removeIf(t -> t.getState() == Thread.State.TERMINATED);
      pruneAt = Math.max(64, 2 * threads.size());
    }
    threads.add(thread);
    if (letGo != null) {
      abandonable.put(thread, letGo);
    }
    thread.start();
    if (cancelled) {
      if (letGo != null) {
        letGo.markCancelled();
      }
      thread.interrupt();
    }
    return thread;
  }

  /** Waits for {@code thread} (one of ours) to end and forgets it. */
  void join(Thread thread) {
    TaskFork<?> letGo = abandonable.get(thread);
    boolean interrupted = false;
    while (true) {
      try {
        if (letGo == null) {
          thread.join();
        } else {
          letGo.awaitOrAbandon();
        }
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    threads.remove(thread);
    abandonable.remove(thread);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for every thread of this scope to end. */
  void joinAll() {
    Thread me = Thread.currentThread();
    threads.remove(me); // a run closed from one of its own stages must not wait for itself
    while (!threads.isEmpty()) {
      for (Thread t : new ArrayList<>(threads)) {
        if (t != me) {
          join(t);
        }
      }
      threads.remove(me);
    }
  }

  /** Records the first failure (later ones are ignored) and cancels the scope. */
  void fail(String stage, Throwable error) {
    ProcessorException wrapped =
        error instanceof ProcessorException pe ? pe : new ProcessorException(stage, error);
    if (failure.compareAndSet(null, wrapped)) {
      Runnable hook = failureHook;
      if (hook != null) {
        hook.run(); // before cancel() interrupts anyone: nothing emitted after this counts
      }
      cancel();
    }
  }

  /**
   * Sets what runs when this scope's first failure is recorded, on the failing thread, before the
   * scope is cancelled (the run uses it to fix the output handed over before the failure).
   */
  void onFailure(Runnable hook) {
    failureHook = hook;
  }

  /**
   * Fails this scope and every enclosing scope up to its run's root, so the run fails with this
   * error first, whatever the owners of those scopes throw while they unwind.
   */
  void failRun(String stage, Throwable error) {
    ProcessorException wrapped =
        error instanceof ProcessorException pe ? pe : new ProcessorException(stage, error);
    List<Scope> upToRoot = new ArrayList<>();
    for (Scope s = this; s != null; s = s.parent) {
      upToRoot.add(s);
      if (s.runRoot) {
        break;
      }
    }
    // The run's root first: its failure (and the output handed over before it) is fixed before
    // any inner scope's cancellation interrupts a thread that could still emit.
    for (int i = upToRoot.size() - 1; i >= 0; i--) {
      upToRoot.get(i).fail(stage, wrapped);
    }
  }

  ProcessorException failure() {
    return failure.get();
  }

  boolean isCancelled() {
    return cancelled;
  }

  /** Throws if this scope is cancelled: the failure if there is one, else a cancellation. */
  void checkActive() {
    if (cancelled) {
      throw cancellation();
    }
  }

  CancellationException cancellation() {
    CancellationException e = new CancellationException("run cancelled");
    ProcessorException f = failure.get();
    if (f != null) {
      e.initCause(f);
    }
    return e;
  }

  void onCancel(Runnable hook) {
    cancelHooks.add(hook);
    if (cancelled) {
      hook.run();
    }
  }

  /** Cancels this scope and its children; interrupts their threads. Idempotent. */
  void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    for (Scope child : children) {
      child.cancel();
    }
    Thread me = Thread.currentThread();
    for (Thread t : threads) {
      if (t != me) {
        t.interrupt();
      }
    }
    if (owner != null && owner != me) {
      owner.interrupt();
    }
    for (TaskFork<?> fork : abandonable.values()) {
      fork.markCancelled();
    }
    for (Runnable hook : cancelHooks) {
      hook.run();
    }
  }
}
