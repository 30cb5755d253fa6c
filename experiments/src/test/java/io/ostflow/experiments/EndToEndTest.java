package io.ostflow.experiments;

import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.StackEndpoints;
import io.ostflow.local.testing.SharedLocalStack;
import io.ostflow.local.upload.DropUploader;
import java.time.Clock;

/**
 * The end-to-end scenario against the embedded stack (real KRaft broker, real S3 server); the
 * uploader publishes the MinIO notifications that the embedded S3 server cannot.
 */
class EndToEndTest extends PipelineScenario {
    private LocalStack stack;

    @Override
    void startStack() {
        stack = SharedLocalStack.get();
    }

    @Override
    StackEndpoints endpoints() {
        return stack.endpoints();
    }

    @Override
    DropUploader uploader() {
        return new DropUploader(
                stack.objectStore(),
                stack.endpoints().kafka(),
                stack.endpoints().landingBucket(),
                Clock.systemUTC());
    }
}
