package dev.processors.operators;

/**
 * An immutable first-in first-out window of samples (a banker's queue of two linked lists): adding
 * and evicting return new windows and share structure with the old one, in amortised constant time.
 */
final class Window {
  /** One value in a window: when it came (clock nanos), the value and its weight. */
  record Sample(long nanos, double x, double w) {}

  private record Node(Sample sample, Node next) {}

  static final Window EMPTY = new Window(null, null, 0);

  private final Node front; // oldest first
  private final Node back; // newest first
  private final int size;

  private Window(Node front, Node back, int size) {
    this.front = front;
    this.back = back;
    this.size = size;
  }

  int size() {
    return size;
  }

  Window add(Sample sample) {
    return new Window(front, new Node(sample, back), size + 1);
  }

  /** The oldest sample; the window must not be empty. */
  Sample oldest() {
    return normalised().front.sample();
  }

  /** The window without its oldest sample; the window must not be empty. */
  Window withoutOldest() {
    Window w = normalised();
    return new Window(w.front.next(), w.back, size - 1);
  }

  /** Calls {@code visit} on each sample, oldest first. */
  void forEach(java.util.function.Consumer<Sample> visit) {
    for (Node n = front; n != null; n = n.next()) {
      visit.accept(n.sample());
    }
    Node reversed = null;
    for (Node n = back; n != null; n = n.next()) {
      reversed = new Node(n.sample(), reversed);
    }
    for (Node n = reversed; n != null; n = n.next()) {
      visit.accept(n.sample());
    }
  }

  private Window normalised() {
    if (front != null) {
      return this;
    }
    Node reversed = null;
    for (Node n = back; n != null; n = n.next()) {
      reversed = new Node(n.sample(), reversed);
    }
    return new Window(reversed, null, size);
  }
}
