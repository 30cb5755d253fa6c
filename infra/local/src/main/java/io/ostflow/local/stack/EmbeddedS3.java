package io.ostflow.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3-compatible HTTP server (s3proxy over a filesystem store) on loopback. Clients talk to
 * it only through the MinIO SDK, so pointing them at a real MinIO is a configuration change.
 */
final class EmbeddedS3 implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedS3.class.getName());

    private final S3Proxy proxy;
    private final String endpoint;

    private EmbeddedS3(S3Proxy proxy, String endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    static EmbeddedS3 start(Path dataDir, int port, String accessKey, String secretKey) {
        try {
            Files.createDirectories(dataDir);
            S3Proxy proxy =
                    S3Proxy.builder()
                            .blobStore(new FilesystemNio2BlobStore(dataDir.toString()))
                            .endpoint(URI.create("http://127.0.0.1:" + port))
                            .awsAuthentication(
                                    AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                            .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(20);
            }
            String endpoint = "http://127.0.0.1:" + proxy.getPort();
            LOG.info(() -> "S3 server ready at " + endpoint + ", data in " + dataDir);
            return new EmbeddedS3(proxy, endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the S3 data directory " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the S3 server", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the S3 server on port " + port, e);
        }
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
            LOG.info("S3 server stopped");
        } catch (Exception e) {
            LOG.warning("S3 server did not stop cleanly: " + e);
        }
    }
}
