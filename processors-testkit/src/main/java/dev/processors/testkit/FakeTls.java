package dev.processors.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS identity of the fake servers started with {@code startTls()}: a self-signed certificate
 * for {@code 127.0.0.1} and {@code localhost}, and the trust a test gives its client so that it
 * accepts that certificate (and only it).
 *
 * <pre>{@code
 * try (FakeOpenAiServer fake = FakeOpenAiServer.startTls()) {          // https://127.0.0.1:PORT/v1
 *   OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("sk-test")
 *       .sslSocketFactory(FakeTls.socketFactory()).trustManager(FakeTls.trustManager()).build();
 *   HttpClient jdk = HttpClient.newBuilder().sslContext(FakeTls.clientContext()).build();
 * }
 * }</pre>
 *
 * <p>A client without this trust fails the handshake, as against a server with a bad certificate.
 * The key pair ships in the testkit's resources ({@code fake-tls.p12}, made with {@code keytool
 * -genkeypair -keyalg EC -ext SAN=IP:127.0.0.1,DNS:localhost -validity 36500}); it protects nothing
 * and must never be trusted outside tests. Thread-safe; the contexts are built once.
 */
public final class FakeTls {
  private static final String RESOURCE = "fake-tls.p12";
  private static final char[] PASSWORD = "testkit-only".toCharArray();

  private static final KeyStore KEYS = load();
  private static final X509TrustManager TRUST = trust();
  private static final SSLContext SERVER = serverContextOf(KEYS);
  private static final SSLContext CLIENT = clientContextOf(TRUST);

  private FakeTls() {}

  /** The fake servers' certificate. */
  public static X509Certificate certificate() {
    try {
      return (X509Certificate) KEYS.getCertificate("fake-server");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the testkit's TLS key store has no certificate", e);
    }
  }

  /** A trust manager that trusts the fake servers' certificate and nothing else. */
  public static X509TrustManager trustManager() {
    return TRUST;
  }

  /** A client TLS context that trusts the fake servers' certificate and nothing else. */
  public static SSLContext clientContext() {
    return CLIENT;
  }

  /** The socket factory of {@link #clientContext()} (for OkHttp's {@code sslSocketFactory}). */
  public static SSLSocketFactory socketFactory() {
    return CLIENT.getSocketFactory();
  }

  /** The servers' TLS context, holding the private key. */
  static SSLContext serverContext() {
    return SERVER;
  }

  private static KeyStore load() {
    try (InputStream in = FakeTls.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the testkit resource " + RESOURCE + " is missing");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the testkit resource " + RESOURCE, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the testkit resource " + RESOURCE, e);
    }
  }

  private static X509TrustManager trust() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("fake-server", KEYS.getCertificate("fake-server"));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the testkit's trust manager", e);
    }
  }

  private static SSLContext serverContextOf(KeyStore keys) {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the fake servers' TLS context", e);
    }
  }

  private static SSLContext clientContextOf(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the testkit's client TLS context", e);
    }
  }
}
