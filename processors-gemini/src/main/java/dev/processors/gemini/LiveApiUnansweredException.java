package dev.processors.gemini;

/**
 * A turn sent to the Live API was never answered: the server did not finish its answer within the
 * drain timeout after the input ended, or a turn that cannot be sent again (audio) was lost with a
 * dropped connection. Retryable: a new session may answer.
 */
public final class LiveApiUnansweredException extends LiveApiException {
  private final int unansweredTurns;

  /**
   * An unanswered turn; public so that tests' fakes can throw it.
   *
   * @param message which turns went unanswered and why, never containing the API key
   * @param unansweredTurns how many turns were still waiting for an answer
   */
  public LiveApiUnansweredException(String message, int unansweredTurns) {
    super(message, true, null);
    this.unansweredTurns = unansweredTurns;
  }

  /** How many turns were still waiting for an answer (0 if only an answer was left unfinished). */
  public int unansweredTurns() {
    return unansweredTurns;
  }
}
